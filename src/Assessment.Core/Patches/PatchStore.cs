using Assessment.Core.Data;
using Assessment.Core.Input;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Patches;

internal static class PatchStore
{
    public static IQueryable<Patch> WithRecords(this IQueryable<Patch> patches) => patches
        .Include(p => p.Repository)
        .Include(p => p.Revisions)
        .Include(p => p.Reviews)
        .Include(p => p.Tests)
        .Include(p => p.Deployments)
        .Include(p => p.Blessing)
        .Include(p => p.GitHub)
        .AsSplitQuery();

    public static async Task<Patch> LoadAsync(AssessmentDb db, int id, CancellationToken ct) =>
        await db.Patches.WithRecords().FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw Problem.NotFound($"patch {id} does not exist");

    // One line (titles, names, labels): see Fields for what is refused.
    public static string Required(string? value, string field, int maxLength = Fields.TitleMax) =>
        Fields.Required(value, field, maxLength);

    public static string OneOf(string? value, string field, params string[] allowed)
    {
        var choices = string.Join(" or ", allowed.Select(a => $"'{a}'"));
        if (string.IsNullOrEmpty(value)) throw Problem.BadRequest($"{field}: required, {choices}");
        return allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.Ordinal))
            ?? throw Problem.BadRequest($"{field}: {Fields.Show(value)} is not {choices}");
    }

    public static string? Optional(string? value, string field, int maxLength) => Fields.Line(value, field, maxLength);
}
