using System.CommandLine;

namespace Assessment.Cli.Verbs;

internal static class EmergencyVerb
{
    private sealed record Request(string Repository, string Commit, string? Base, string Title, string Reason, string? Arbitration);

    public static Command Create()
    {
        var repo = Verb.Value("--repo", "NAME", "the controlled repository", required: true);
        var commit = Verb.Value("--commit", "REF", "the commit that production runs now", required: true);
        var title = Verb.Value("--title", "TITLE", "one line saying what was done", required: true);
        var reason = Verb.Value("--reason", "TEXT", "why it could not wait (the exploit)", required: true);
        var @base = Verb.Value("--base", "REF", "the commit production ran before");
        var arbitration = Verb.Value("--arbitration", "ID", "the arbitration case");
        return Verb.Create("emergency", """
            Declare an emergency change that is already on production. It becomes a patch of kind
            emergency awaiting review, with a review deadline. Refs resolve locally as in submit.
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var request = new Request(
                    Verb.Required(parse, repo),
                    LocalRefs.Resolve(Verb.Required(parse, commit), context),
                    parse.GetValue(@base) is { Length: > 0 } before ? LocalRefs.Resolve(before, context) : null,
                    Verb.Required(parse, title),
                    Verb.Required(parse, reason),
                    parse.GetValue(arbitration));
                var response = await context.Api.PostAsync("api/emergencies", request, cancellationToken);
                return PatchActions.WritePatch(context, response);
            }),
            repo, commit, title, reason, @base, arbitration);
    }
}
