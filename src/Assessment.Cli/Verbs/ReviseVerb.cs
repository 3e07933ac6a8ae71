using System.CommandLine;

namespace Assessment.Cli.Verbs;

internal static class ReviseVerb
{
    private sealed record Request(string Head, string? Base);

    public static Command Create()
    {
        var id = Verb.PatchId();
        var head = Verb.Value("--head", "REF", "the new last commit (a local ref resolves in this checkout)", required: true);
        var @base = Verb.Value("--base", "REF", "a new base, e.g. what production runs now (default: the patch's base)");
        return Verb.Create("revise", """
            Give a patch a new revision ending at --head (resolved locally as in submit), optionally
            on a new --base. Reviews and tests of earlier revisions become stale, except what the
            workflow document keeps when the change itself is the same (a rebase).
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var patch = parse.GetValue(id);
                var request = new Request(LocalRefs.Resolve(Verb.Required(parse, head), context),
                    parse.GetValue(@base) is { } newBase ? LocalRefs.Resolve(newBase, context) : null);
                var response = await context.Api.PostAsync(PatchActions.PatchPath(patch, "revisions"), request, cancellationToken);
                var answer = response.JsonOrDefault();
                if (!context.Json && Output.PatchView.IsPatch(answer))
                    return PatchActions.WritePatch(context, response);
                return PatchActions.WriteOutcome(context, response, $"Patch #{patch} revised: head is now {request.Head}.");
            }),
            id, head, @base);
    }
}
