using Assessment.Core.Data;
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
        .AsSplitQuery();

    public static async Task<Patch> LoadAsync(AssessmentDb db, int id, CancellationToken ct) =>
        await db.Patches.WithRecords().FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw Problem.NotFound($"patch {id} does not exist");

    public static string Required(string? value, string field, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Problem.BadRequest($"{field}: required");
        }
        if (value.Length > maxLength)
        {
            throw Problem.BadRequest($"{field}: at most {maxLength} characters");
        }
        return value.Trim();
    }

    public static string OneOf(string? value, string field, params string[] allowed)
    {
        var choices = string.Join(" or ", allowed.Select(a => $"'{a}'"));
        if (string.IsNullOrEmpty(value)) throw Problem.BadRequest($"{field}: required, {choices}");
        return allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.Ordinal))
            ?? throw Problem.BadRequest($"{field}: '{value}' is not {choices}");
    }

    public static string? Optional(string? value, string field, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            throw Problem.BadRequest($"{field}: at most {maxLength} characters");
        }
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
