using System.CommandLine;

namespace Assessment.Cli.Verbs;

internal static class AuditReportVerb
{
    public static Command Create()
    {
        var from = Verb.Value("--from", "DATE", "the first day (YYYY-MM-DD)", required: true);
        var to = Verb.Value("--to", "DATE", "the last day (YYYY-MM-DD)", required: true);
        var format = Verb.Value("--format", "FORMAT", "markdown, html or json");
        format.AcceptOnlyFromAmong("markdown", "html", "json");
        var output = Verb.Value("--out", "FILE", "write the report to FILE");
        return Verb.Create("report", """
            The period report (dates as YYYY-MM-DD): printed, or written to FILE. The format is
            markdown unless --format says otherwise (json with --json).
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var chosen = parse.GetValue(format) ?? (context.Json ? "json" : "markdown");
                var path = ApiClient.WithQuery("api/audit/report",
                    ("from", Verb.Required(parse, from)), ("to", Verb.Required(parse, to)), ("format", chosen));
                var response = await context.Api.GetAsync(path, cancellationToken);
                if (parse.GetValue(output) is { } file)
                {
                    await File.WriteAllBytesAsync(file, response.Content, cancellationToken);
                    context.Note($"Wrote the {chosen} report to {file}.");
                }
                else
                {
                    context.WriteRaw(response);
                }
                return ExitCodes.Ok;
            }),
            from, to, format, output);
    }
}
