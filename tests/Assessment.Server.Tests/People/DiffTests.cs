using System.Net;
using Assessment.TestSupport;

namespace Assessment.Server.Tests.People;

// GET /api/patches/{id}/diff: the files with their lines; from=N: what changed since revision N.
public sealed class DiffTests
{
    [Fact]
    public async Task The_diff_lists_each_file_with_its_numbered_lines()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync(); // Initial..Fix2: account.php added, README changed

        var diff = await s.GetAsync("bob", $"/api/patches/{id}/diff");
        var files = diff.Items("files");
        Assert.Equal(["README", "account.php"], files.Strings("path"));
        var account = files[1];
        Assert.Equal(("added", 3, 0, false), (account.Str("status"), account.Int("additions"), account.Int("deletions"), account.Bool("binary")));
        var lines = Assert.Single(account.Items("hunks")).Items("lines");
        Assert.Equal(("add", 3, "echo htmlspecialchars($name);"), (lines[2].Str("kind"), lines[2].Int("new"), lines[2].Str("text")));
        var readme = Assert.Single(files[0].Items("hunks")).Items("lines");
        Assert.Equal(["del", "add"], readme.Strings("kind"));
        Assert.Equal((1, "CAcert web application"), (readme[0].Int("old"), readme[0].Str("text")));
    }

    [Fact]
    public async Task From_a_revision_shows_only_what_changed_since()
    {
        using var s = await Scenario.StartAsync();
        var id = await s.SubmitAsync();
        await ApiAssert.StatusAsync(await s.ReviseAsync(id, "alice", s.Revision2), HttpStatusCode.Created);

        var since = await s.GetAsync("bob", $"/api/patches/{id}/diff?from=1");
        var file = Assert.Single(since.Items("files"));
        Assert.Equal(("account.php", 1, 0), (file.Str("path"), file.Int("additions"), file.Int("deletions")));
        Assert.Equal("echo htmlspecialchars($email);", file.Items("hunks")[0].Items("lines").Single(l => l.Str("kind") == "add").Str("text"));

        await ApiAssert.ProblemAsync(await s["bob"].GetAsync($"/api/patches/{id}/diff?from=7"), HttpStatusCode.BadRequest, "from", "revision 7");
    }

    [Fact]
    public async Task Binary_and_large_files_are_summarised_without_lines()
    {
        using var s = await Scenario.StartAsync();
        var big = string.Concat(Enumerable.Range(0, 3000).Select(i => $"line {i}\n"));
        var head = s.Git.Commit("Add a logo and a long table", new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["logo.png"] = "\u0089PNG\r\n\u001a\n\0\0\0\rIHDR\0\0",
            ["table.txt"] = big,
        });
        var id = await s.SubmitAsync(@base: s.Remedy, head: head);

        var files = (await s.GetAsync("bob", $"/api/patches/{id}/diff")).Items("files");
        var logo = files.Single(f => f.Str("path") == "logo.png");
        Assert.True(logo.Bool("binary"));
        Assert.Empty(logo.Items("hunks"));
        var table = files.Single(f => f.Str("path") == "table.txt");
        Assert.Equal((3000, true), (table.Int("additions"), table.Bool("truncated")));
        Assert.Empty(table.Items("hunks"));
    }
}
