using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Assessment.Cli.Output;
using Assessment.Core.Backup;

namespace Assessment.Cli.Verbs;

internal static class AdminRestoreVerb
{
    public static Command Create()
    {
        var file = Verb.Text("FILE", "a backup written by `assess admin backup --out FILE`");
        var dataDir = AdminDataDirectory.Option();
        return Verb.Create("restore", """
            Put a backup in place as the server's database, with the server stopped (refused while
            one runs on the data directory). The backup is checked first (integrity and the whole
            audit chain); the database it replaces is kept beside it as
            assessment.db.before-restore-<time>. Start the server afterwards.
            """,
            new VerbAction((context, parse, cancellationToken) =>
                RunAsync(context, parse.GetValue(file)!, AdminDataDirectory.Resolve(parse.GetValue(dataDir)), cancellationToken)),
            file, dataDir);
    }

    private static async Task<int> RunAsync(CliContext context, string file, string dataDirectory, CancellationToken cancellationToken)
    {
        var summary = await SqliteBackup.RestoreAsync(file, dataDirectory, TimeProvider.System, cancellationToken);
        if (context.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(summary, CliJson.Options));
            return ExitCodes.Ok;
        }
        var backup = summary.Backup;
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Restored {backup.Path} to {summary.DatabasePath}: {backup.Patches} patches, audit log verified, {backup.Events} events, head {backup.HeadHash}"));
        if (summary.KeptAside is not null) context.Out.WriteLine($"The database it replaced is kept as {summary.KeptAside}");
        context.Out.WriteLine("Start the server now.");
        return ExitCodes.Ok;
    }
}
