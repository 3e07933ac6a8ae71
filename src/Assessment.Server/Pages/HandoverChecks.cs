using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Environments;
using Assessment.Core.Evidence;
using Assessment.Core.Patches;

namespace Assessment.Server.Pages;

// The hand-over check a sysadmin makes before production (`assess deploy --handover`), made by
// the server for the browser: the patch's hand-over (the one GET /api/patches/{id}/handover
// serves, issued once per blessing) verified against every key the server has signed with, the
// repository's commits and tree, and the people's keys and documents as the log records them;
// it must be about this patch and its blessed commit. The page shows the result before the
// button, and the deployment sends the digest of the document checked, as the API's deploy does.
internal static class HandoverChecks
{
    public static bool Applies(Patch patch, string environmentKind) =>
        environmentKind == DeploymentEnvironments.Production && patch.Blessing is not null;

    public static async Task<HandoverCheck> CheckAsync(IServiceProvider services, Patch patch, User viewer, CancellationToken ct)
    {
        var blessed = patch.Blessing ?? throw new InvalidOperationException($"patch {patch.Id} has no blessing to hand over");
        var db = services.GetRequiredService<AssessmentDb>();
        IssuedHandover issued;
        try
        {
            issued = await services.GetRequiredService<HandoverIssuer>().GetOrIssueAsync(patch.Id, viewer.Name, ct);
        }
        catch (Refusal problem)
        {
            return new HandoverCheck(false, null, $"the hand-over could not be issued: {problem.Detail}");
        }
        var result = await HandoverChecker.VerifyAsync(db, services.GetRequiredService<SigningKey>(), issued.Document, patch.Repository.Path, ct);
        var trouble = !result.Ok ? $"the hand-over does not verify: {result.Detail}"
            : result.Predicate!.PatchId != patch.Id ? $"the hand-over is about patch {result.Predicate.PatchId}, not {patch.Id}"
            : !string.Equals(result.Predicate.Commit, blessed.Commit, StringComparison.OrdinalIgnoreCase)
                ? $"the hand-over is about commit {result.Predicate.Commit}, not the blessed {blessed.Commit}"
            : null;
        return trouble is null
            ? new HandoverCheck(true, issued.Digest, $"verified: signed by the server, the commits and tree match the repository, blessed by {result.Predicate!.BlessedBy}")
            : new HandoverCheck(false, issued.Digest, trouble);
    }

    // The deployment's side: the check made again at the moment of deploying, and the digest of
    // the document the page showed must be that one (a page left open across a new blessing is stale).
    public static async Task<string?> DigestForAsync(IServiceProvider services, int id, string? environment, string? shown, User viewer, CancellationToken ct)
    {
        var kind = services.GetRequiredService<DeploymentEnvironments>().All.FirstOrDefault(e => e.Name == environment)?.Kind;
        if (kind is null) return null; // the service names the unknown environment
        var patch = await PatchStore.LoadAsync(services.GetRequiredService<AssessmentDb>(), id, ct);
        if (!Applies(patch, kind)) return null;
        var check = await CheckAsync(services, patch, viewer, ct);
        if (!check.Ok) throw Refusal.Invalid($"handover: not deployed, {check.Detail}");
        if (shown is not null && !string.Equals(shown, check.Digest, StringComparison.Ordinal))
        {
            throw Refusal.Conflict($"handover: the page showed the check of {Core.Input.Fields.Show(shown, 80)}, but the patch's hand-over is now {check.Digest}; reload the page");
        }
        return check.Digest;
    }
}

// What the deploy form shows before its button: whether the hand-over verified, and its digest.
public sealed record HandoverCheck(bool Ok, string? Digest, string Detail);
