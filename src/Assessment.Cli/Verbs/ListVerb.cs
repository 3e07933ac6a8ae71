using System.CommandLine;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class ListVerb
{
    public static Command Create()
    {
        var state = Verb.Value("--state", "STATE", "only patches in this state");
        var kind = Verb.Value("--kind", "KIND", "regular or emergency");
        kind.AcceptOnlyFromAmong("regular", "emergency");
        var overdue = Verb.Flag("--overdue", "only emergencies whose review is overdue");
        return Verb.Create("list", """
            List patches, optionally only those in one state, of one kind, or emergencies whose
            review is overdue. Emergencies show their review deadline.
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var path = ApiClient.WithQuery("api/patches",
                    ("state", parse.GetValue(state)),
                    ("kind", parse.GetValue(kind)),
                    ("overdue", parse.GetValue(overdue) ? "true" : null));
                var response = await context.Api.GetAsync(path, cancellationToken);
                if (context.Json)
                    context.WriteRaw(response);
                else
                    PatchView.WriteList(context.Out, [.. response.Json.List("patches")], context.Width);
                return ExitCodes.Ok;
            }),
            state, kind, overdue);
    }
}
