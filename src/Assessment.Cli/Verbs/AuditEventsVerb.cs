using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class AuditEventsVerb
{
    public static readonly Verb Definition = new(
        "audit events",
        "audit events [--patch ID]",
        "The append-only event log, or the events of one patch.",
        ["patch"],
        [],
        RunAsync);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        args.ExpectPositionals();
        var patch = args.Value("patch") is { } p ? Arguments.ParseId(p).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        var response = await context.Api.GetAsync(ApiClient.WithQuery("api/audit/events", ("patch", patch)), cancellationToken);
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
        table.Write(context.Out);
        return ExitCodes.Ok;
    }
}
