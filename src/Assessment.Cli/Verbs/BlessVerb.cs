using System.CommandLine;

namespace Assessment.Cli.Verbs;

internal static class BlessVerb
{
    private sealed record Request(string? Comment);

    public static Command Create()
    {
        var id = Verb.PatchId();
        var comment = Verb.Value("--comment", "TEXT", "said with the blessing");
        return Verb.Create("bless", "Bless a tested patch for production.",
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var patch = parse.GetValue(id);
                var response = await context.Api.PostAsync(PatchActions.PatchPath(patch, "blessing"), new Request(parse.GetValue(comment)), cancellationToken);
                return PatchActions.WriteOutcome(context, response, $"Blessed patch #{patch}.");
            }),
            id, comment);
    }
}
