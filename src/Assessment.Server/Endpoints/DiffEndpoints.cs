using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Git;
using Assessment.Core.Patches;

namespace Assessment.Server.Endpoints;

internal static class DiffEndpoints
{
    public static void MapDiffEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/patches/{id:int}/diff", DiffAsync)
            .WithSummary("The diff of the patch's current revision, per file with its lines; from=N: what changed since revision N");
    }

    private static async Task<IResult> DiffAsync(int id, int? from, AssessmentDb db, CancellationToken ct)
    {
        var patch = await PatchStore.LoadAsync(db, id, ct);
        return Results.Ok(Read(patch, from));
    }

    // Shared with the patch page: the same answer the API gives.
    public static DiffView Read(Patch patch, int? from)
    {
        var start = patch.Base;
        if (from is { } revision)
        {
            start = patch.Revisions.FirstOrDefault(r => r.Number == revision)?.Head
                ?? throw Refusal.Malformed($"from: patch {patch.Id} has no revision {revision} (it has 1 to {patch.Revision})");
        }
        using var repo = GitReader.Open(patch.Repository.Path);
        try
        {
            return DiffReader.Read(repo, start, patch.Head);
        }
        catch (Exception e) when (GitReader.IsMissingObject(e))
        {
            throw Refusal.Invalid($"the repository no longer holds the patch's commits: {e.Message}");
        }
    }
}
