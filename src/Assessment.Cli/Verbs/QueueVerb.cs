using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class QueueVerb
{
    public static Command Create() =>
        Verb.Create("queue", """
            What waits for you: each patch you may move on now (review, test, deploy, bless, revise
            after changes were asked for), overdue emergencies first, with how long it has waited.
            """,
            new VerbAction(async (context, _, cancellationToken) =>
            {
                var waiting = await context.Api.GetAllAsync("api/patches?actionable=me", cancellationToken);
                var ordered = waiting.OrderByDescending(p => p.Bool("overdue")).ThenBy(p => p.Str("updatedAt"), StringComparer.Ordinal).ToList();
                if (context.Json)
                {
                    context.Out.WriteLine(JsonSerializer.Serialize(ordered, CliJson.Options));
                    return ExitCodes.Ok;
                }
                if (ordered.Count == 0)
                {
                    context.Out.WriteLine("nothing waits for you");
                    return ExitCodes.Ok;
                }
                var table = new Table("ID", "KIND", "STATE", "YOU MAY", "WAITING", "DEADLINE", "TITLE");
                foreach (var p in ordered)
                {
                    table.Add(p.Str("id"), p.Str("kind"), p.Str("state"), string.Join(", ", p.Items("nextActions").Select(a => a.ToString())),
                        Age(p.Str("updatedAt")), Deadline(p), p.Str("title"));
                }
                table.Write(context.Out, width: context.Width);
                return ExitCodes.Ok;
            }));

    private static string Deadline(JsonElement p) =>
        p.Str("reviewDeadline") is null ? "" : Format.Time(p.Str("reviewDeadline"))[..10] + (p.Bool("overdue") ? " OVERDUE" : "");

    // How long since the patch last moved, in the largest whole unit.
    private static string Age(string? since)
    {
        if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return "";
        var age = TimeProvider.System.GetUtcNow() - at;
        return age.TotalDays >= 1 ? $"{(int)age.TotalDays} d"
            : age.TotalHours >= 1 ? $"{(int)age.TotalHours} h"
            : $"{Math.Max(0, (int)age.TotalMinutes)} min";
    }
}
