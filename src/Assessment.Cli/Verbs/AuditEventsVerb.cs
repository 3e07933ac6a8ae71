using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class AuditEventsVerb
{
    public static Command Create()
    {
        var patch = Verb.Value("--patch", "ID", "only the events of this patch");
        var output = Verb.Value("--out", "FILE", "save the whole log, as served, to FILE (for `audit verify --offline --events FILE`)");
        return Verb.Create("events", "The append-only event log, or the events of one patch.",
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                if (parse.GetValue(output) is { } file)
                {
                    if (parse.GetValue(patch) is not null) throw new UsageException("--out saves the whole log; it takes no --patch");
                    var all = await OfflineChain.FetchAsync(context, cancellationToken);
                    await File.WriteAllTextAsync(file, JsonSerializer.Serialize(all), cancellationToken);
                    context.Note($"Saved {all.Count} events to {file}.");
                    return ExitCodes.Ok;
                }
                var id = parse.GetValue(patch) is { } p ? Verb.ParseId(p, "--patch").ToString(CultureInfo.InvariantCulture) : null;
                var response = await context.Api.GetAsync(ApiClient.WithQuery("api/audit/events", ("patch", id)), cancellationToken);
                if (context.Json)
                {
                    context.WriteRaw(response);
                    return ExitCodes.Ok;
                }
                var events = response.Json.List("events").ToList();
                if (events.Count == 0)
                {
                    context.Out.WriteLine("no events");
                    return ExitCodes.Ok;
                }
                var table = new Table("SEQ", "AT", "ACTOR", "TYPE", "PATCH", "COMMIT", "HASH");
                foreach (var e in events)
                {
                    table.Add(e.Str("sequence"), Format.Time(e.Str("at")), e.FirstStr("actor", "by"), e.Str("type"),
                        e.FirstStr("patchId", "patch"), Format.Sha(e.Str("commit")), Format.Sha(e.Str("hash")));
                }
                table.Write(context.Out, width: context.Width);
                return ExitCodes.Ok;
            }),
            patch, output);
    }
}
