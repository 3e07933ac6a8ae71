using System.Globalization;
using System.Text;
using System.Text.Json;
using Assessment.Core.Data;
using Assessment.Core.Environments;

namespace Assessment.Core.Mail;

internal sealed record MailText(string Subject, string Body);

// The wording of the mails. Every body ends with the event's log position and hash, so that a
// mail archive can be checked against the log, and the log against the archive.
internal static class MailWording
{
    // The system-log mail for an event, or null when the event is not a critical change.
    public static MailText? ForSystemLog(AuditEvent e, JsonElement data, Patch? patch)
    {
        var (subject, lead) = e.Type switch
        {
            "emergency.declared" => ($"[EMERGENCY] {Name(patch)} deployed to production by {e.Actor}: {patch?.Title}",
                $"{e.Actor} deployed {Name(patch)} to production at once, bypassing the regular process.\nReason: {patch?.Reason}"),
            "patch.deployed" when Str(data, "details", "kind") == DeploymentEnvironments.Production =>
                ($"[production] {Name(patch)} deployed to {Str(data, "details", "environment")} by {e.Actor}: {patch?.Title}",
                $"{e.Actor} deployed {Name(patch)} to the production environment '{Str(data, "details", "environment")}'" +
                (Str(data, "details", "witness") is { } w ? $", witnessed by {w}." : ".")),
            "patch.blessed" => ($"[blessed] {Name(patch)} blessed by {e.Actor}: {patch?.Title}",
                $"{e.Actor} gave {Name(patch)} the formal blessing; it may go to production."),
            "user.created" when data.TryGetProperty("roles", out var r) && r.GetArrayLength() > 0 =>
                ($"[roles] {Str(data, "name")} created with {Join(r)}", $"{e.Actor} created the user {Str(data, "name")} with the roles {Join(r)} (motion {Str(data, "motion")})."),
            "user.roles-changed" => ($"[roles] {Str(data, "name")}: {Changes(data)}",
                $"{e.Actor} changed the roles of {Str(data, "name")}: {Changes(data)} (motion {Str(data, "motion")})."),
            "emergency.overdue" => ($"[EMERGENCY] [OVERDUE] {Name(patch)} has no outcome {Str(data, "daysOverdue")} day(s) after its deadline: {patch?.Title}",
                $"The after-the-fact review of {Name(patch)} was due at {Time(patch?.ReviewDeadline)} and has no outcome yet (state '{patch?.State}')."),
            "audit.verification-failed" => ("[LOG BROKEN] the audit log does not verify",
                $"Verifying the audit log failed at event {Str(data, "firstBadEvent")}: {Str(data, "detail")}"),
            // The checkpoint on a line of its own: `assess audit verify --since` reads it from the saved mail.
            "witness.published" => ($"[checkpoint] the log at event {Str(data, "sequence")}",
                $"The server published this signed checkpoint to the witness repository {Str(data, "repository")} " +
                $"(commit {Str(data, "commit")}):\n{Str(data, "checkpoint")}"),
            _ => (null, null),
        };
        return subject is null ? null : new MailText(subject, Body(e, lead!, patch));
    }

    // For a person who may now act on a patch: what they may do.
    public static MailText ForPerson(AuditEvent e, Patch patch, IReadOnlyList<string> actions) =>
        new($"[patch {patch.Id}] waiting for you: {string.Join(", ", actions)}: {patch.Title}",
            Body(e, $"{Name(patch)} is now '{patch.State}' after {e.Type} by {e.Actor}. You may: {string.Join(", ", actions)}.", patch));

    // For the author: their patch moved.
    public static MailText ForAuthor(AuditEvent e, Patch patch, string from, IReadOnlyList<string> actions) =>
        new($"[patch {patch.Id}] now {patch.State}: {patch.Title}",
            Body(e, $"{Name(patch)} moved from '{from}' to '{patch.State}' after {e.Type} by {e.Actor}." +
                (actions.Count > 0 ? $" You may: {string.Join(", ", actions)}." : ""), patch));

    private static string Body(AuditEvent e, string lead, Patch? patch)
    {
        var text = new StringBuilder().Append(lead).Append("\n\n");
        if (patch is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Patch: {patch.Id} ({patch.Kind}), state {patch.State}\n")
                .Append(CultureInfo.InvariantCulture, $"Title: {patch.Title}\n")
                .Append(CultureInfo.InvariantCulture, $"Repository: {patch.Repository?.Name}\n");
        }
        if (e.Commit is not null) text.Append(CultureInfo.InvariantCulture, $"Commit: {e.Commit}\n");
        text.Append(CultureInfo.InvariantCulture, $"By: {e.Actor} at {Time(e.At)}\n\n");
        return text.Append(CultureInfo.InvariantCulture, $"Log: event {e.Sequence} {e.Hash}\n").ToString();
    }

    private static string Name(Patch? patch) => patch is null ? "a patch" : $"{patch.Kind} patch {patch.Id}";

    private static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    private static string Join(JsonElement list) => string.Join(", ", list.EnumerateArray().Select(x => x.GetString()));

    private static string Changes(JsonElement data)
    {
        var granted = data.TryGetProperty("granted", out var g) ? Join(g) : "";
        var removed = data.TryGetProperty("removed", out var r) ? Join(r) : "";
        return string.Join("; ", new[] { granted.Length > 0 ? "granted " + granted : null, removed.Length > 0 ? "removed " + removed : null }
            .OfType<string>().DefaultIfEmpty("no change"));
    }

    private static string? Str(JsonElement data, params string[] path)
    {
        var at = data;
        foreach (var name in path)
        {
            if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(name, out at)) return null;
        }
        return at.ValueKind switch { JsonValueKind.String => at.GetString(), JsonValueKind.Null => null, _ => at.GetRawText() };
    }
}
