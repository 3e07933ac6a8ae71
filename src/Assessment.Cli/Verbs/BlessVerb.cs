using System.CommandLine;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class BlessVerb
{
    private sealed record Request(string? Comment, object? Signature);

    public static Command Create()
    {
        var id = Verb.PatchId();
        var comment = Verb.Value("--comment", "TEXT", "said with the blessing");
        return Verb.Create("bless", "Bless a tested patch for production.",
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var patch = parse.GetValue(id);
                // The blessing is of the head the patch has now; the server refuses a signature of any other.
                var head = (await PatchActions.GetPatchAsync(context, patch, cancellationToken)).Str("head") ?? "";
                var signature = await ActionSigning.SignAsync(context, patch, Assessment.Core.Workflow.ApiRequests.Bless, null, head, cancellationToken);
                var response = await context.Api.PostAsync(PatchActions.PatchPath(patch, "blessing"), new Request(parse.GetValue(comment), signature), cancellationToken);
                return PatchActions.WriteOutcome(context, response, $"Blessed patch #{patch}.");
            }),
            id, comment);
    }
}
