using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.Patches;

public sealed class ListFilterTests : IDisposable
{
    private readonly AssessmentApp app = new();

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("state=reviwed", "state", "reviwed")]
    [InlineData("kind=urgent", "kind", "urgent")]
    public async Task A_filter_naming_nothing_that_exists_is_refused(string query, string field, string value)
    {
        using var admin = app.Admin;
        await ApiAssert.ProblemAsync(await admin.GetAsync($"/api/patches?{query}"), HttpStatusCode.BadRequest, field, value);
    }

    [Theory]
    [InlineData("state=remediated")] // a state of the emergency workflow only
    [InlineData("kind=emergency")]
    public async Task A_known_filter_answers_a_list(string query)
    {
        using var admin = app.Admin;
        var list = await ApiAssert.StatusAsync(await admin.GetAsync($"/api/patches?{query}"), HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, list.ValueKind);
    }
}
