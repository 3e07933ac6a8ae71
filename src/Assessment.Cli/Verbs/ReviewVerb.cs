using System.CommandLine;

namespace Assessment.Cli.Verbs;

internal static class ReviewVerb
{
    private sealed record Request(string Verdict, string? Comment, string Commit, object? Signature);

    public static Command Create()
    {
        var id = Verb.PatchId();
        var approve = Verb.Flag("--approve", "approve the commit");
        var requestChanges = Verb.Flag("--request-changes", "ask for changes before it goes on");
        var comment = Verb.Value("--comment", "TEXT", "what you found");
        var commit = Verb.Value("--commit", "SHA", "the commit you reviewed (default: the patch's head, fetched first)");
        return Verb.Create("review", """
            Record your review of a patch. The review names the commit you looked at: --commit, or
            else the patch's current head, fetched first. If a new revision lands in between, the
            server refuses (409) and nothing is recorded.
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var patch = parse.GetValue(id);
                var verdict = Verb.OneOf(parse, approve, requestChanges);
                var looked = await PatchActions.CommitLookedAtAsync(context, patch, parse.GetValue(commit), cancellationToken);
                var signature = await ActionSigning.SignAsync(context, patch, Assessment.Core.Workflow.ApiRequests.Review, verdict, looked, cancellationToken);
                var request = new Request(verdict, parse.GetValue(comment), looked, signature);
                var response = await context.Api.PostAsync(PatchActions.PatchPath(patch, "reviews"), request, cancellationToken);
                context.Note($"Reviewed commit {looked} of patch #{patch}: {verdict}.");
                return PatchActions.WriteOutcome(context, response);
            }),
            id, approve, requestChanges, comment, commit);
    }
}
