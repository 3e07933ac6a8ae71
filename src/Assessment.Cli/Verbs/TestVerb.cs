using System.CommandLine;

namespace Assessment.Cli.Verbs;

internal static class TestVerb
{
    private sealed record Request(string Result, string? Comment, string Commit, object? Signature);

    public static Command Create()
    {
        var id = Verb.PatchId();
        var pass = Verb.Flag("--pass", "the patch works on the test server");
        var fail = Verb.Flag("--fail", "it does not");
        var comment = Verb.Value("--comment", "TEXT", "what you tested and saw");
        var commit = Verb.Value("--commit", "SHA", "the commit you tested (default: the patch's head, fetched first)");
        return Verb.Create("test", """
            Record a test result for a patch. Like review, it names the commit you tested: --commit,
            or else the patch's current head, fetched first.
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var patch = parse.GetValue(id);
                var result = Verb.OneOf(parse, pass, fail);
                var tested = await PatchActions.CommitLookedAtAsync(context, patch, parse.GetValue(commit), cancellationToken);
                var signature = await ActionSigning.SignAsync(context, patch, Assessment.Core.Workflow.ApiRequests.Test, result, tested, cancellationToken);
                var request = new Request(result, parse.GetValue(comment), tested, signature);
                var response = await context.Api.PostAsync(PatchActions.PatchPath(patch, "tests"), request, cancellationToken);
                context.Note($"Tested commit {tested} of patch #{patch}: {result}.");
                return PatchActions.WriteOutcome(context, response);
            }),
            id, pass, fail, comment, commit);
    }
}
