using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.People;

// The discussion: comments on the patch and on a line of its diff, answers in threads, kept
// with their revision, each one in the audit log.
public sealed class CommentTests
{
    [Fact]
    public async Task A_line_comment_is_answered_in_its_thread_and_logged()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();

        var question = await s.CreatedAsync("bob", $"/api/patches/{id}/comments",
            new { body = "Is `$name` ever empty here?", path = "account.php", line = 3 });
        var answer = await s.CreatedAsync("alice", $"/api/patches/{id}/comments",
            new { body = "No: the form requires it.", inReplyTo = question.Int("id") });
        await s.CreatedAsync("carol", $"/api/patches/{id}/comments", new { body = "Looks right overall." });

        Assert.Equal(("account.php", 3, 1, s.Fix2), (answer.Str("path"), answer.Int("line"), answer.Int("revision"), answer.Str("commit")));
        var comments = (await s.GetAsync("dave", $"/api/patches/{id}/comments")).EnumerateArray().ToArray();
        Assert.Equal(["bob", "alice", "carol"], comments.Strings("by"));
        Assert.Equal(question.Int("id"), comments[1].Int("inReplyTo"));

        var logged = (await s.EventsAsync(id)).Where(e => e.Str("type") == "comment.added").ToArray();
        Assert.Equal(["bob", "alice", "carol"], logged.Strings("actor"));
    }

    [Fact]
    public async Task A_comment_on_an_earlier_revision_is_marked_stale()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.CreatedAsync("bob", $"/api/patches/{id}/comments", new { body = "Escape the e-mail too." });
        await ApiAssert.StatusAsync(await s.ReviseAsync(id, "alice", s.Revision2), HttpStatusCode.Created);

        var comment = Assert.Single((await s.GetAsync("bob", $"/api/patches/{id}/comments")).EnumerateArray());
        Assert.Equal((1, true, s.Fix2), (comment.Int("revision"), comment.Bool("stale"), comment.Str("commit")));
    }

    [Theory]
    [InlineData("""{"body":""}""", HttpStatusCode.BadRequest, "body")]
    [InlineData("""{"body":"x","line":3}""", HttpStatusCode.BadRequest, "path")]
    [InlineData("""{"body":"x","path":"account.php","line":0}""", HttpStatusCode.BadRequest, "line")]
    [InlineData("""{"body":"x","path":"nope.c","line":1}""", HttpStatusCode.UnprocessableEntity, "path")]
    [InlineData("""{"body":"x","inReplyTo":999}""", HttpStatusCode.UnprocessableEntity, "inReplyTo")]
    public async Task A_bad_comment_is_refused_and_nothing_is_recorded(string json, HttpStatusCode status, string field)
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        var before = (await s.EventsAsync()).Length;

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        await ApiAssert.ProblemAsync(await s["bob"].PostAsync($"/api/patches/{id}/comments", content), status, field);

        Assert.Empty((await s.GetAsync("bob", $"/api/patches/{id}/comments")).EnumerateArray());
        Assert.Equal(before, (await s.EventsAsync()).Length);
    }
}
