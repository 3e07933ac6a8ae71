using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Assessment.Cli.Output;
using Assessment.Core;
using Assessment.Core.Backup;

namespace Assessment.Cli.Verbs;

internal static class AdminBackupVerb
{
    public static Command Create()
    {
        var output = Verb.Value("--out", "FILE", "where to write the backup (replaced only once the new copy verifies)", required: true);
        var dataDir = AdminDataDirectory.Option();
        return Verb.Create("backup", """
            Copy the server's SQLite database to FILE, on the server's machine, while the server
            runs: one consistent instant (SQLite's online backup), checked (integrity and the whole
            audit chain) before it is written under its name. The signing key and the other files
            of the data directory are not in it: keep them apart. On PostgreSQL use pg_dump (README).
            """,
            new VerbAction((context, parse, cancellationToken) =>
                RunAsync(context, Verb.Required(parse, output), AdminDataDirectory.Resolve(parse.GetValue(dataDir)), cancellationToken)),
            output, dataDir);
    }

    private static async Task<int> RunAsync(CliContext context, string output, string dataDirectory, CancellationToken cancellationToken)
    {
        var summary = await SqliteBackup.BackupAsync(Path.Combine(dataDirectory, AssessmentOptions.DatabaseFileName), output, cancellationToken);
        if (context.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(summary, CliJson.Options));
            return ExitCodes.Ok;
        }
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Backed up to {summary.Path}: {summary.Bytes:N0} bytes, {summary.Patches} patches, audit log verified, {summary.Events} events, head {summary.HeadHash}"));
        return ExitCodes.Ok;
    }
}
