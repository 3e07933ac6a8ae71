using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Evidence.Personal;
using Assessment.Core.Git;
using Assessment.Core.Users;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server.Pages;

// User and repository administration in the browser, through the same services as the API:
// roles with the motion that grants them, revoking tokens and signing keys, deactivation and activation.
internal static class AdminPages
{
    private static readonly Dictionary<string, string> Done = new(StringComparer.Ordinal)
    {
        ["roles"] = "The roles were changed.",
        ["deactivation"] = "The user was deactivated: their tokens, certificates and sessions are refused from now on.",
        ["activation"] = "The user was activated again.",
        ["tokens"] = "All of the user's tokens were revoked.",
        ["certificate"] = "The certificate was registered: it signs its user in from the next request.",
        ["certificate-removed"] = "The certificate was removed: it signs nobody in from the next request.",
        ["key-revoked"] = "The key was revoked: it signs no new action; what it signed before still verifies.",
        ["repository"] = "The repository was registered.",
    };

    public static void MapAdminPages(this RouteGroupBuilder admin)
    {
        admin.MapGet("/admin/users", (string? done, HttpContext http) => UsersAsync(http, Notice(done)))
            .WithSummary("Users and their roles (HTML, admin)");
        admin.MapPost("/admin/users", (IFormCollection form, HttpContext http, UserService users) => ActAsync(http, "/admin/users", async (user, ct) =>
        {
            var (created, token) = await users.CreateAsync(user, Field(form, "name"), Roles(form), Field(form, "motion"), Field(form, "email"), ct);
            return await UsersAsync(http, [PageMessage.Notice($"Created {created.Name}. Their token, shown only now: {token}")]);
        })).WithSummary("Create a user (form, admin); the token is shown once");
        admin.MapPost("/admin/users/{name}/roles", (string name, IFormCollection form, HttpContext http, UserService users) =>
            DoAsync(http, "/admin/users", "roles", (user, ct) => users.SetRolesAsync(user, name, Roles(form), Field(form, "motion"), ct)))
            .WithSummary("Change a user's roles (form, admin, citing the motion)");
        admin.MapPost("/admin/users/{name}/deactivation", (string name, IFormCollection form, HttpContext http, CredentialService credentials) =>
            DoAsync(http, "/admin/users", "deactivation", (user, ct) => credentials.SetActiveAsync(user, name, false, Field(form, "motion"), ct)))
            .WithSummary("Deactivate a user (form, admin, citing the motion)");
        admin.MapPost("/admin/users/{name}/activation", (string name, IFormCollection form, HttpContext http, CredentialService credentials) =>
            DoAsync(http, "/admin/users", "activation", (user, ct) => credentials.SetActiveAsync(user, name, true, Field(form, "motion"), ct)))
            .WithSummary("Activate a user again (form, admin, citing the motion)");
        admin.MapPost("/admin/users/{name}/tokens", (string name, IFormCollection _, HttpContext http, CredentialService credentials) =>
            DoAsync(http, "/admin/users", "tokens", (user, ct) => credentials.RevokeAllTokensAsync(user, name, ct)))
            .WithSummary("Revoke all of a user's tokens (form, admin)");
        admin.MapPost("/admin/users/{name}/certificates", (string name, IFormCollection form, HttpContext http, CertificateService certificates) =>
            DoAsync(http, "/admin/users", "certificate", (user, ct) => certificates.RegisterAsync(user, name, Field(form, "certificate"), ct)))
            .WithSummary("Register a client certificate of a user (form with the PEM, admin)");
        admin.MapPost("/admin/users/{name}/certificates/{fingerprint}/removal", (string name, string fingerprint, IFormCollection _, HttpContext http,
            CertificateService certificates) => DoAsync(http, "/admin/users", "certificate-removed", async (user, ct) =>
            {
                await certificates.RemoveAsync(user, name, fingerprint, ct);
                return fingerprint;
            }))
            .WithSummary("Remove a client certificate of a user (form, admin)");
        admin.MapPost("/admin/users/{name}/keys/{id}/revocation", (string name, string id, IFormCollection _, HttpContext http, UserKeys keys) =>
            DoAsync(http, "/admin/users", "key-revoked", (user, ct) => keys.RevokeAsync(user, name, id, ct)))
            .WithSummary("Revoke a user's signing key (form, admin): refused on new actions; what it signed before still verifies");
        admin.MapGet("/admin/repositories", (string? done, HttpContext http) => RepositoriesAsync(http, Notice(done)))
            .WithSummary("The controlled repositories (HTML, admin)");
        admin.MapPost("/admin/repositories", (IFormCollection form, HttpContext http, RepositoryService repositories) =>
            DoAsync(http, "/admin/repositories", "repository", (user, ct) => repositories.RegisterAsync(user, Field(form, "name"), Field(form, "path"),
                Field(form, "productionBranch"), ct, Field(form, "baseline"), Field(form, "github"))))
            .WithSummary("Register a controlled repository (form, admin)");
    }

    private static IReadOnlyList<PageMessage> Notice(string? done) =>
        done is not null && Done.TryGetValue(done, out var text) ? [PageMessage.Notice(text)] : [];

    private static string? Field(IFormCollection form, string name) => form[name].ToString() is { Length: > 0 } v ? v : null;

    private static List<string> Roles(IFormCollection form) => [.. form["roles"].OfType<string>().Where(r => r.Length > 0)];

    // Post/Redirect/Get: a reload does not post the form again.
    private static Task<IResult> DoAsync<T>(HttpContext http, string page, string done, Func<User, CancellationToken, Task<T>> act) =>
        ActAsync(http, page, async (user, ct) =>
        {
            await act(user, ct);
            http.Response.Headers.Location = $"{page}?done={done}";
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        });

    private static async Task<IResult> ActAsync(HttpContext http, string page, Func<User, CancellationToken, Task<IResult>> act)
    {
        try
        {
            return await act(PageAuth.Current(http), http.RequestAborted);
        }
        catch (Refusal problem)
        {
            IReadOnlyList<PageMessage> refusal = [PageMessage.Refusal(problem.Status, problem.Title, problem.Detail)];
            return page == "/admin/users" ? await UsersAsync(http, refusal, problem.Status) : await RepositoriesAsync(http, refusal, problem.Status);
        }
    }

    private static async Task<IResult> UsersAsync(HttpContext http, IReadOnlyList<PageMessage> messages, int status = 200)
    {
        var db = http.RequestServices.GetRequiredService<AssessmentDb>();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Name).ToListAsync(http.RequestAborted);
        var certificates = (await db.Certificates.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new { c.UserId, c.Fingerprint, c.Subject, c.Issuer, c.NotAfter }).ToListAsync(http.RequestAborted))
            .ToLookup(c => c.UserId, c => new CertificateRow(c.Fingerprint, c.Subject, c.Issuer, c.NotAfter));
        var keys = (await db.UserKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(http.RequestAborted))
            .ToLookup(k => k.UserId, k => new KeyRow(k.KeyId, k.Algorithm, k.RegisteredAt, k.RevokedAt));
        var rows = users.Select(u => new UserRow(u.Name, u.Roles, u.Email, u.DeactivatedAt is null, [.. certificates[u.Id]], [.. keys[u.Id]])).ToList();
        var roles = http.RequestServices.GetRequiredService<RoleCatalog>().Names;
        return await PageResults.PageAsync<UsersPage>(http, new() { ["Users"] = rows, ["Roles"] = roles, ["Items"] = messages }, status);
    }

    private static async Task<IResult> RepositoriesAsync(HttpContext http, IReadOnlyList<PageMessage> messages, int status = 200)
    {
        var rows = await http.RequestServices.GetRequiredService<AssessmentDb>().Repositories.AsNoTracking().OrderBy(r => r.Name)
            .Select(r => new RepositoryRow(r.Name, r.Path, r.ProductionBranch, r.ExplainedThrough, r.GitHub)).ToListAsync(http.RequestAborted);
        return await PageResults.PageAsync<RepositoriesPage>(http, new() { ["Repositories"] = rows, ["Items"] = messages }, status);
    }
}

public sealed record UserRow(
    string Name, IReadOnlyList<string> Roles, string? Email, bool Active, IReadOnlyList<CertificateRow> Certificates, IReadOnlyList<KeyRow> Keys);

public sealed record CertificateRow(string Fingerprint, string Subject, string Issuer, DateTimeOffset NotAfter);

public sealed record RepositoryRow(string Name, string Path, string ProductionBranch, string? ExplainedThrough, string? GitHub);
