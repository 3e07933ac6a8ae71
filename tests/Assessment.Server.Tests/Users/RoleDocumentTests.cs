using System.Net;
using System.Net.Http.Json;
using Assessment.Server.Tests.Patches;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Users;

// The roles live in workflows/roles.md: the service knows no other list, and whoever may
// grant roles may not grant them to themself.
public sealed class RoleDocumentTests
{
    [Fact]
    public async Task Get_roles_answers_the_table_of_roles_md()
    {
        using var app = new AssessmentApp();
        using var someone = await app.UserAsync("dave", "tester");
        var roles = (await ApiAssert.StatusAsync(await someone.GetAsync("/api/roles"), HttpStatusCode.OK)).EnumerateArray()
            .ToDictionary(r => r.Str("name"));

        Assert.Equal(["developer", "assessor", "tester", "sysadmin", "auditor", "admin", "gate"], roles.Keys);
        Assert.Equal(["sysadmin"], roles["assessor"].Strings("excludes"));
        Assert.Equal(["assessor"], roles["sysadmin"].Strings("excludes"));
        Assert.Equal(["admin"], roles.Values.Where(r => r.GetProperty("administers").GetBoolean()).Strings("name"));
        Assert.Equal(["assessor", "sysadmin", "auditor", "admin"],
            roles.Values.Where(r => r.GetProperty("readsEvidence").GetBoolean()).Strings("name"));
    }

    [Fact]
    public async Task An_admin_may_not_grant_themself_roles()
    {
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        await ApiAssert.ProblemAsync(await admin.PutAsJsonAsync("/api/users/admin/roles", new { roles = new[] { "admin", "assessor" }, motion = "m1" }),
            HttpStatusCode.Forbidden, "admin may not change their own roles");
        var me = await ApiAssert.StatusAsync(await admin.GetAsync("/api/me"), HttpStatusCode.OK);
        Assert.Equal(["admin"], me.Strings("roles"));

        // Another administrator may, citing the motion.
        using var second = await app.UserAsync("root2", "admin");
        await ApiAssert.StatusAsync(await second.PutAsJsonAsync("/api/users/admin/roles", new { roles = new[] { "admin", "assessor" }, motion = "m2" }),
            HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_role_added_to_roles_md_is_grantable_and_an_unknown_one_is_not()
    {
        var workflows = WorkflowDocumentTests.CopyWorkflows(text => text);
        File.AppendAllText(Path.Combine(workflows, "roles.md"), "| observer | | no | yes | no | the board's observer |\n");
        using var app = new AssessmentApp(workflows);
        using var admin = app.Admin;

        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/users", new { name = "olga", roles = new[] { "observer" }, motion = "m1" }),
            HttpStatusCode.Created);
        var roles = await ApiAssert.StatusAsync(await admin.GetAsync("/api/roles"), HttpStatusCode.OK);
        Assert.Contains("observer", roles.EnumerateArray().Strings("name"));
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/users", new { name = "eve", roles = new[] { "janitor" }, motion = "m1" }),
            HttpStatusCode.BadRequest, "'janitor' is not a role", "roles.md");
    }

    [Fact]
    public async Task Who_administers_is_read_from_roles_md()
    {
        // The tool's managers renamed to "steward": the first user is one, and manages users.
        var workflows = WorkflowDocumentTests.CopyWorkflows(text => text.Replace("| author, admin |", "| author, steward |", StringComparison.Ordinal));
        var rolesPath = Path.Combine(workflows, "roles.md");
        File.WriteAllText(rolesPath, File.ReadAllText(rolesPath).Replace("| admin |", "| steward |", StringComparison.Ordinal));
        using var app = new AssessmentApp(workflows);
        using var admin = app.Admin;

        var me = await ApiAssert.StatusAsync(await admin.GetAsync("/api/me"), HttpStatusCode.OK);
        Assert.Equal(["steward"], me.Strings("roles"));
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/users", new { name = "eve", roles = new[] { "tester" }, motion = "m1" }),
            HttpStatusCode.Created);
        using var eve = await app.UserAsync("frank", "developer");
        await ApiAssert.ProblemAsync(await eve.GetAsync("/api/users"), HttpStatusCode.Forbidden, "administers", "steward");
    }
}
