namespace Assessment.Cli.Verbs;

internal static class HandoverGetVerb
{
    public static readonly Verb Definition = new(
        "handover get",
        "handover get ID [--out FILE]",
        """
        The signed hand-over of a blessed patch, exactly as the server sent it: printed, or saved
        to FILE for `assess handover verify FILE`.
        """,
        ["out"],
        [],
        RunAsync);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        var id = PatchActions.PatchId(args);
        var response = await context.Api.GetAsync(PatchActions.PatchPath(id, "handover"), cancellationToken);
        if (args.Value("out") is { } file)
        {
            await File.WriteAllBytesAsync(file, response.Content, cancellationToken);
            context.Note($"Saved the hand-over of patch #{id} to {file}.");
        }
        else
        {
            context.WriteRaw(response);
        }
        return ExitCodes.Ok;
    }
}
