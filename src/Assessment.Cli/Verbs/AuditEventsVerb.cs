using System.CommandLine;
using System.Globalization;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class AuditEventsVerb
{
    public static Command Create()
    {
        var patch = Verb.Value("--patch", "ID", "only the events of this patch");
        return Verb.Create("events", "The append-only event log, or the events of one patch.",
            new VerbAction(async (context, parse, cancellationToken) =>
            {
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
            patch);
    }
}
