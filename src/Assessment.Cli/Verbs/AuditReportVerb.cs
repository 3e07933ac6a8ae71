namespace Assessment.Cli.Verbs;

internal static class AuditReportVerb
{
    public static readonly Verb Definition = new(
        "audit report",
        "audit report --from DATE --to DATE [--format markdown|html|json] [--out FILE]",
        """
        The period report (dates as YYYY-MM-DD): printed, or written to FILE. The format is
        markdown unless --format says otherwise (json with --json).
        """,
        ["from", "to", "format", "out"],
        [],
        RunAsync);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        args.ExpectPositionals();
        var format = args.Value("format") ?? (context.Json ? "json" : "markdown");
        if (format is not ("markdown" or "html" or "json"))
            throw new UsageException($"--format must be markdown, html or json, not '{format}'");
        var path = ApiClient.WithQuery("api/audit/report",
            ("from", args.Required("from")), ("to", args.Required("to")), ("format", format));
        var response = await context.Api.GetAsync(path, cancellationToken);
        if (args.Value("out") is { } file)
        {
            await File.WriteAllBytesAsync(file, response.Content, cancellationToken);
            context.Note($"Wrote the {format} report to {file}.");
        }
        else
        {
            context.WriteRaw(response);
        }
        return ExitCodes.Ok;
    }
}
