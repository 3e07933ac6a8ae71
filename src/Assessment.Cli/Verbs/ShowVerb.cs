using System.CommandLine;

namespace Assessment.Cli.Verbs;

internal static class ShowVerb
{
    public static Command Create()
    {
        var id = Verb.PatchId();
        return Verb.Create("show", """
            Show a patch: its state, commits, reviews, tests and deployments (records made for an
            earlier revision are marked stale), its blessing, and what you may do next.
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var response = await WholePatch.GetAsync(context, PatchActions.PatchPath(parse.GetValue(id)), cancellationToken);
                return PatchActions.WritePatch(context, response);
            }),
            id);
    }
}
