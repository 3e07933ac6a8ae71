using System.CommandLine;

namespace Assessment.Cli.Verbs;

internal static class HandoverGetVerb
{
    public static Command Create()
    {
        var id = Verb.PatchId();
        var output = Verb.Value("--out", "FILE", "save it unchanged to FILE");
        return Verb.Create("get", """
            The signed hand-over of a blessed patch, exactly as the server sent it: printed, or saved
            to FILE for `assess handover verify FILE`.
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var patch = parse.GetValue(id);
                var response = await context.Api.GetAsync(PatchActions.PatchPath(patch, "handover"), cancellationToken);
                if (parse.GetValue(output) is { } file)
                {
                    await File.WriteAllBytesAsync(file, response.Content, cancellationToken);
                    context.Note($"Saved the hand-over of patch #{patch} to {file}.");
                }
                else
                {
                    context.WriteRaw(response);
                }
                return ExitCodes.Ok;
            }),
            id, output);
    }
}
