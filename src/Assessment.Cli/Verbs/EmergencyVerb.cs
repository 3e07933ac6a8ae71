using System.CommandLine;

namespace Assessment.Cli.Verbs;

internal static class EmergencyVerb
{
    private sealed record Request(string Repository, string Commit, string? Base, string Title, string Reason, string? Arbitration, object? Signature);

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
                var repository = Verb.Required(parse, repo);
                var declared = LocalRefs.Resolve(Verb.Required(parse, commit), context);
                var before = parse.GetValue(@base) is { Length: > 0 } b ? LocalRefs.Resolve(b, context) : null;
                var (what, why) = (Verb.Required(parse, title), Verb.Required(parse, reason));
                // The signature names the exact commit, so the declarer signs the resolved one.
                var signature = await ActionSigning.SignDeclarationAsync(context, repository, declared, cancellationToken);
                var request = new Request(repository, declared, before, what, why, parse.GetValue(arbitration), signature);
                var response = await context.Api.PostAsync("api/emergencies", request, cancellationToken);
                return PatchActions.WritePatch(context, response);
            }),
            repo, commit, title, reason, @base, arbitration);
    }
}
