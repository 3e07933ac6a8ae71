using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Input;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Users;

internal sealed partial class UserService(AssessmentDb db, WriteGate gate, AuditLog audit, TimeProvider clock, RoleCatalog roleCatalog)
{
    // The user created on an empty database (API.md): named after the role it holds, the first
    // that roles.md says administers.
    public string BootstrapName => roleCatalog.FirstAdministering.Name;

    public async Task<(User User, string Token)> CreateAsync(
        User actor, string? name, IReadOnlyList<string>? roles, string? motion, string? email, CancellationToken ct,
        IReadOnlyList<string>? emails = null)
    {
        var userName = CheckName(name);
        var roleList = CheckRoles(roles);
        var motionRef = CheckMotion(motion);
        var addresses = CheckEmails(email, emails);
        var token = Tokens.New();
        var user = await gate.RunAsync(db, async t =>
        {
            if (await db.Users.AnyAsync(u => u.Name == userName, t))
            {
                throw Refusal.Conflict($"name: user '{userName}' already exists");
            }
            var created = new User { Name = userName, Email = addresses.FirstOrDefault(), EmailList = string.Join(',', addresses.Skip(1)), CreatedAt = clock.GetUtcNow() };
            created.Tokens.Add(new ApiToken { Name = "initial", Hash = Tokens.Hash(token), CreatedAt = created.CreatedAt });
            created.Roles = roleList;
            db.Users.Add(created);
            await audit.AppendAsync(db, new AuditEntry(actor.Name, "user.created",
                new { name = userName, roles = created.Roles, motion = motionRef, email = created.Email, emails = addresses },
                WorkflowHash: roleCatalog.ContentHash), t);
            return created;
        }, ct);
        return (user, token);
    }

    public Task<User> SetRolesAsync(User actor, string name, IReadOnlyList<string>? roles, string? motion, CancellationToken ct)
    {
        var roleList = CheckRoles(roles);
        var motionRef = CheckMotion(motion);
        // Whoever may grant roles could otherwise grant themselves any duty, and then do it.
        if (string.Equals(actor.Name, name, StringComparison.Ordinal))
        {
            // The row that makes the actor an administrator: administering never covers one's own roles.
            var administering = roleCatalog.All.FirstOrDefault(r => r.Administers && actor.Roles.Contains(r.Name, StringComparer.Ordinal))
                ?? roleCatalog.FirstAdministering;
            var rule = roleCatalog.Cite(administering);
            throw Refusal.Forbidden($"separation of duties: {actor.Name} may not change their own roles; another administrator must ({rule})", rule);
        }
        return gate.RunAsync(db, async t =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Name == name, t)
                ?? throw Refusal.NotFound($"user '{name}' does not exist");
            var before = user.Roles;
            user.Roles = roleList;
            await audit.AppendAsync(db, new AuditEntry(actor.Name, "user.roles-changed", new
            {
                name,
                granted = user.Roles.Except(before, StringComparer.Ordinal),
                removed = before.Except(user.Roles, StringComparer.Ordinal),
                roles = user.Roles,
                motion = motionRef,
            }, WorkflowHash: roleCatalog.ContentHash), t);
            return user;
        }, ct);
    }

    // On an empty database: the first admin, with the configured token or a new one.
    public async Task<string?> BootstrapAsync(string? configuredToken, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(ct)) return null;
        var token = string.IsNullOrWhiteSpace(configuredToken) ? Tokens.New() : configuredToken.Trim();
        // Asked again under the write lock: several servers may start on one empty database at once.
        var created = await gate.RunAsync(db, async t =>
        {
            if (await db.Users.AnyAsync(t)) return null;
            // The first user administers, by the first role roles.md says administers.
            var admin = new User { Name = BootstrapName, CreatedAt = clock.GetUtcNow(), RoleList = roleCatalog.FirstAdministering.Name };
            admin.Tokens.Add(new ApiToken { Name = "initial", Hash = Tokens.Hash(token), CreatedAt = admin.CreatedAt });
            db.Users.Add(admin);
            await audit.AppendAsync(db, new AuditEntry("system", "user.created",
                new { name = admin.Name, roles = admin.Roles, motion = "bootstrap" }), t);
            return admin;
        }, ct);
        return created is null ? null : token;
    }

    private static string CheckName(string? name)
    {
        var checkedName = Fields.Name(name, "name");
        if (checkedName == Principal.System) throw Refusal.Malformed("name: 'system' is reserved for Assessment itself");
        return checkedName;
    }

    private IReadOnlyList<string> CheckRoles(IReadOnlyList<string>? roles)
    {
        if (roles is null) throw Refusal.Malformed("roles: required (a list, possibly empty)");
        foreach (var role in roles)
        {
            if (role is null || !roleCatalog.IsRole(role))
            {
                throw Refusal.Malformed($"roles: {Fields.Show(role ?? "null")} is not a role ({string.Join(", ", roleCatalog.Names)}; {RoleCatalog.FileName})");
            }
        }
        if (roleCatalog.Conflict(roles) is { } conflict)
        {
            throw Refusal.Forbidden($"separation of duties: the roles {conflict.Role.Name} and {conflict.Excluded} are exclusive; " +
                $"one person may not hold both ({roleCatalog.Cite(conflict.Role)})", roleCatalog.Cite(conflict.Role));
        }
        return roles;
    }

    // "email" and "emails" together: every address the person's commits may carry. The first
    // is where mail goes.
    private static List<string> CheckEmails(string? email, IReadOnlyList<string>? emails)
    {
        var all = new List<string>();
        if (Fields.Email(email, "email") is { } one) all.Add(one);
        for (var i = 0; i < (emails?.Count ?? 0); i++)
        {
            if (Fields.Email(emails![i], $"emails[{i}]") is { } address && !all.Contains(address, StringComparer.OrdinalIgnoreCase))
                all.Add(address);
        }
        if (all.Sum(a => a.Length + 1) > 2000) throw Refusal.Malformed("emails: at most 2000 characters in all");
        return all;
    }

    private static string CheckMotion(string? motion) =>
        Fields.Line(motion, "motion", Fields.MotionMax)
            ?? throw Refusal.Malformed("motion: the board motion that authorised this role change is required");
}
