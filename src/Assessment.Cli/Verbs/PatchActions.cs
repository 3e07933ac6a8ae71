using System.Globalization;
using System.Text.Json;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

// What the patch verbs share: finding the patch, the commit a person looked at, printing the answer.
internal static class PatchActions
{
    public static string PatchPath(long id, string? action = null) =>
        action is null
            ? string.Create(CultureInfo.InvariantCulture, $"api/patches/{id}")
            : string.Create(CultureInfo.InvariantCulture, $"api/patches/{id}/{action}");

    public static async Task<JsonElement> GetPatchAsync(CliContext context, long id, CancellationToken cancellationToken) =>
        (await context.Api.GetAsync(PatchPath(id), cancellationToken)).Json;

    // The API counts a review or test only for the commit the person looked at: --commit, or
    // else the head the patch has right now (if a revision lands meanwhile the server says 409).
    public static async Task<string> CommitLookedAtAsync(CliContext context, long id, string? commit, CancellationToken cancellationToken)
    {
        if (commit is { Length: > 0 } given)
            return LocalRefs.Resolve(given, context);
        var patch = await GetPatchAsync(context, id, cancellationToken);
        return patch.Str("head") ?? throw new ApiException(0, $"patch #{id} has no head commit; pass --commit");
    }

    public static int WritePatch(CliContext context, ApiResponse response)
    {
        if (context.Json)
            context.WriteRaw(response);
        else
            PatchView.WriteDetail(context.Out, response.Json, context.Width);
        return ExitCodes.Ok;
    }

    // After an action: a line saying what was done, then where the patch stands if the answer says.
    public static int WriteOutcome(CliContext context, ApiResponse response, string? done = null)
    {
        if (context.Json)
        {
            context.WriteRaw(response);
            return ExitCodes.Ok;
        }
        if (!string.IsNullOrEmpty(done))
            context.Out.WriteLine(done);
        var answer = response.JsonOrDefault();
        // A review or test the server recorded but does not count: the person must hear it.
        if (answer.Prop("counted") is { ValueKind: JsonValueKind.False })
            context.Out.WriteLine($"Recorded, but NOT counted: {(answer.Prop("counting") is { } counting ? counting.Str("reason") : answer.Str("reason"))}");
        if (PatchView.IsPatch(answer))
            PatchView.WriteState(context.Out, answer);
        else if (answer.Prop("patch") is { } patch && PatchView.IsPatch(patch))
            PatchView.WriteState(context.Out, patch);
        return ExitCodes.Ok;
    }

    public static async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken) =>
        path == "-"
            ? await Console.In.ReadToEndAsync(cancellationToken)
            : await File.ReadAllTextAsync(path, cancellationToken);
}
