using Assessment.TestSupport;

namespace Assessment.Cli.Tests;

// assess takes the roles from the server, not from a list of its own.
public sealed class RolesTests(CliServer server) : IClassFixture<CliServer>
{
    [Fact]
    public async Task Roles_prints_the_servers_roles_document()
    {
        var token = await server.TokenAsync("rita", "tester");

        var result = (await server.AssessAsync(token, "roles")).Exits(0);

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ROLE", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^assessor\s+sysadmin\s+no\s+yes\s*$", lines.Single(l => l.StartsWith("assessor", StringComparison.Ordinal)));
        Assert.Matches(@"^admin\s+yes\s+yes\s*$", lines.Single(l => l.StartsWith("admin", StringComparison.Ordinal)));
        Assert.Equal(8, lines.Length);
    }

    [Fact]
    public async Task An_admin_changing_their_own_roles_is_refused()
    {
        var result = (await server.AssessAsync(AssessmentApp.AdminToken, "user", "roles", "admin", "--roles", "admin,assessor", "--motion", "m1")).Exits(1);

        Assert.Contains("may not change their own roles", result.Stderr, StringComparison.Ordinal);
    }
}
