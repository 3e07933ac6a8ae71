using System.Net;
using System.Net.Http.Json;
using Assessment.Server.Tests.Patches;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Duties;

// A principal judged on history is judged on all of it: whoever deployed the patch to test is
// its test-deployer whatever they did to it afterwards, however many records came later.
public sealed class HiddenHistoryTests
{
    [Fact]
    public async Task A_test_deployment_behind_a_later_production_deployment_by_the_same_person_still_counts()
    {
        // An organisation whose production deployer may not be the one who deployed to test.
        var workflows = WorkflowDocumentTests.CopyWorkflows(text =>
        {
            const string row = "| sysadmin | author, commit-author, reviewer, tester, blesser |";
            Assert.Contains(row, text, StringComparison.Ordinal);
            return text.Replace(row, "| sysadmin | author, commit-author, reviewer, tester, blesser, test-deployer |", StringComparison.Ordinal);
        });
        using var s = await Scenario.StartAsync(workflows);
        var id = await s.SubmitAsync();
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "carol"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "oscar"), HttpStatusCode.Created);
        // Bob puts revision 1 on test; a new revision follows, which others take to its blessing.
        await ApiAssert.StatusAsync(await s.DeployAsync(id, "bob", "test", s.Fix2), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviseAsync(id, "alice", s.Revision2), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "carol"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.ReviewAsync(id, "oscar"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.DeployAsync(id, "oscar", "test", s.Revision2), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.TestAsync(id, "dave"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.TestAsync(id, "erin"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s.BlessAsync(id, "carol"), HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await s["admin"].PutAsJsonAsync("/api/users/bob/roles",
            new { roles = new[] { "sysadmin" }, motion = "m-swap" }), HttpStatusCode.OK);

        // A later production deployment by bob, written behind the server's back (as if made
        // under an earlier document): his most recent deployment is no longer the test one.
        s.App.ExecuteSql($"""
            INSERT INTO "Deployments" ("PatchId", "Environment", "EnvironmentKind", "Commit", "By", "Revision", "Emergency", "Rollback", "At")
            VALUES ({id}, 'production', 'production', '{s.Revision2}', 'bob', 2, FALSE, FALSE, 639100000000000000)
            """);

        await ApiAssert.ProblemAsync(await s.DeployAsync(id, "bob", "production", s.Revision2), HttpStatusCode.Forbidden,
            "separation of duties", "bob", "deployed it to test (test-deployer)", "regular.md line");
        Assert.DoesNotContain("deploy-production", await s.NextActionsAsync(id, "bob"));
    }
}
