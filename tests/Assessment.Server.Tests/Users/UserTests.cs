using System.Net;
using System.Net.Http.Json;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Users;

// Users and roles (admin): the exclusivity of assessor and sysadmin, the board motion behind
// every grant, tokens kept only as hashes.
public sealed class UserTests
{
    [Theory]
    [InlineData("assessor,sysadmin")]
    [InlineData("sysadmin,developer,assessor")]
    public async Task Assessor_and_sysadmin_are_exclusive(string roleList)
    {
        var roles = roleList.Split(',');
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        var before = await EventCountAsync(admin);
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/users", new { name = "eve", roles, motion = "m20100117.3" }),
            HttpStatusCode.Forbidden, "separation of duties", "assessor and sysadmin", "exclusive");

        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/users", new { name = "eve", roles = new[] { "sysadmin" }, motion = "m1" }), HttpStatusCode.Created);
        await ApiAssert.ProblemAsync(await admin.PutAsJsonAsync("/api/users/eve/roles", new { roles, motion = "m2" }),
            HttpStatusCode.Forbidden, "exclusive");
        var eve = (await ApiAssert.StatusAsync(await admin.GetAsync("/api/users"), HttpStatusCode.OK)).EnumerateArray().Single(u => u.Str("name") == "eve");
        Assert.Equal(["sysadmin"], eve.Strings("roles"));
        Assert.Equal(before + 1, await EventCountAsync(admin));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task A_role_grant_needs_the_board_motion(string? motion)
    {
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/users", new { name = "eve", roles = new[] { "tester" }, motion }),
            HttpStatusCode.BadRequest, "motion");
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/users", new { name = "eve", roles = new[] { "tester" }, motion = "m1" }), HttpStatusCode.Created);
        await ApiAssert.ProblemAsync(await admin.PutAsJsonAsync("/api/users/eve/roles", new { roles = new[] { "assessor" }, motion }),
            HttpStatusCode.BadRequest, "motion");
    }

    [Fact]
    public async Task A_role_change_is_logged_with_its_motion()
    {
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/users", new { name = "eve", roles = new[] { "tester" }, motion = "m20100117.3" }), HttpStatusCode.Created);
        var changed = await ApiAssert.StatusAsync(
            await admin.PutAsJsonAsync("/api/users/eve/roles", new { roles = new[] { "assessor", "tester" }, motion = "m20140731.1" }), HttpStatusCode.OK);
        Assert.Equal(["assessor", "tester"], changed.Strings("roles"));

        var events = (await ApiAssert.StatusAsync(await admin.GetAsync("/api/audit/events"), HttpStatusCode.OK)).EnumerateArray().ToArray();
        var created = events.Single(e => e.Str("type") == "user.created" && e.GetProperty("data").Str("name") == "eve");
        Assert.Equal(("admin", "m20100117.3"), (created.Str("actor"), created.GetProperty("data").Str("motion")));
        var change = Assert.Single(events, e => e.Str("type") == "user.roles-changed");
        var data = change.GetProperty("data");
        Assert.Equal(("admin", "eve", "m20140731.1"), (change.Str("actor"), data.Str("name"), data.Str("motion")));
        Assert.Equal(["assessor"], data.Strings("granted"));
        Assert.Empty(data.Strings("removed"));

        await ApiAssert.ProblemAsync(await admin.PutAsJsonAsync("/api/users/nobody/roles", new { roles = new[] { "tester" }, motion = "m3" }),
            HttpStatusCode.NotFound, "nobody");
    }

    [Theory]
    [InlineData("developer")]
    [InlineData("assessor")]
    [InlineData("sysadmin")]
    [InlineData("auditor")]
    public async Task Only_an_admin_manages_users(string role)
    {
        using var app = new AssessmentApp();
        using var someone = await app.UserAsync("someone", role);
        using var admin = app.Admin;
        var before = await EventCountAsync(admin);
        await ApiAssert.ProblemAsync(await someone.PostAsJsonAsync("/api/users", new { name = "eve", roles = new[] { "admin" }, motion = "m1" }),
            HttpStatusCode.Forbidden, "admin");
        await ApiAssert.ProblemAsync(await someone.PutAsJsonAsync("/api/users/someone/roles", new { roles = new[] { "admin" }, motion = "m1" }),
            HttpStatusCode.Forbidden, "admin");
        await ApiAssert.ProblemAsync(await someone.GetAsync("/api/users"), HttpStatusCode.Forbidden, "admin");
        Assert.Equal(before, await EventCountAsync(admin));
        var me = await ApiAssert.StatusAsync(await someone.GetAsync("/api/me"), HttpStatusCode.OK);
        Assert.Equal("someone", me.Str("name"));
        Assert.Equal([role], me.Strings("roles"));
    }

    [Theory]
    [InlineData("Eve", "name")]
    [InlineData("system", "reserved")]
    [InlineData("", "name")]
    public async Task User_names_are_checked(string name, string mention)
    {
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/users", new { name, roles = new[] { "tester" }, motion = "m1" }),
            HttpStatusCode.BadRequest, mention);
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/users", new { name = "eve", roles = new[] { "root" }, motion = "m1" }),
            HttpStatusCode.BadRequest, "roles", "'root'");
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_hashes()
    {
        using var app = new AssessmentApp();
        using var admin = app.Admin;
        var created = await ApiAssert.StatusAsync(
            await admin.PostAsJsonAsync("/api/users", new { name = "eve", roles = new[] { "tester" }, motion = "m1", email = "eve@example.org" }),
            HttpStatusCode.Created);
        var token = created.Str("token");
        Assert.StartsWith("asm_", token, StringComparison.Ordinal);
        var listed = (await ApiAssert.StatusAsync(await admin.GetAsync("/api/users"), HttpStatusCode.OK)).ToString();
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
        var rows = new List<string>();
        using (var connection = app.OpenDatabaseConnection())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM \"Tokens\"";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }
        }
        Assert.Equal(2, rows.Count); // the first token of admin and of eve
        Assert.DoesNotContain(rows, r => r.Contains(token, StringComparison.Ordinal) || r.Contains(token[4..], StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains(AssessmentApp.AdminToken, StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(hash, StringComparison.Ordinal));
        foreach (var file in new[] { app.DatabasePath, app.DatabasePath + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.DoesNotContain(token, System.Text.Encoding.Latin1.GetString(copy.ToArray()), StringComparison.Ordinal);
        }

        using var eve = app.As(token);
        Assert.Equal("eve", (await ApiAssert.StatusAsync(await eve.GetAsync("/api/me"), HttpStatusCode.OK)).Str("name"));
    }

    private static async Task<int> EventCountAsync(HttpClient client) =>
        (await ApiAssert.StatusAsync(await client.GetAsync("/api/audit/events"), HttpStatusCode.OK)).GetArrayLength();
}
