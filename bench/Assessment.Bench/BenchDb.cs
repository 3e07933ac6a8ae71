using Assessment.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Bench;

// A SQLite file set up as the server sets up its own (Hosting.AddAssessment / StartAssessmentAsync).
internal static class BenchDb
{
    public static AssessmentDb Open(string path) => SqliteAssessmentDb.Open(path);

    public static async Task CreateAsync(string path, CancellationToken ct)
    {
        SqliteConnection.ClearAllPools();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        await using var db = Open(path);
        await db.Database.MigrateAsync(ct);
    }
}
