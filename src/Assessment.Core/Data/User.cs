namespace Assessment.Core.Data;

internal sealed class User
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Email { get; set; }

    // Further addresses (comma-separated) by which the person's commits are recognised.
    public string EmailList { get; set; } = "";

    public IReadOnlyList<string> EmailAddresses =>
        [.. (Email is null ? [] : new[] { Email }).Concat(EmailList.Split(',', StringSplitOptions.RemoveEmptyEntries))];

    // Comma-separated, sorted; see Roles for the list.
    public string RoleList { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    // The user asked not to be mailed about patches waiting for them (the system log still is).
    public bool MailOptOut { get; set; }

    // Set by an admin (with the board motion): every token, certificate and session of the
    // user is refused from the next request until the user is activated again.
    public DateTimeOffset? DeactivatedAt { get; set; }

    public List<ApiToken> Tokens { get; } = [];

    public IReadOnlyList<string> Roles
    {
        get => RoleList.Length == 0 ? [] : RoleList.Split(',');
        set => RoleList = string.Join(',', value.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}
