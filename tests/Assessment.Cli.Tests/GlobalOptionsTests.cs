namespace Assessment.Cli.Tests;

public sealed class GlobalOptionsTests
{
    [Fact]
    public void Global_options_are_found_anywhere_before_a_double_dash()
    {
        var globals = GlobalOptions.Extract(["review", "7", "--json", "--approve", "--url", "http://x:1", "--", "--token"]);
        Assert.True(globals.Json);
        Assert.Equal("http://x:1", globals.Url);
        Assert.Null(globals.Token);
        Assert.Equal(["review", "7", "--approve", "--", "--token"], globals.Rest);
    }

    [Fact]
    public void A_verb_options_value_is_never_taken_for_a_global_option()
    {
        var globals = GlobalOptions.Extract(["review", "7", "--approve", "--comment", "--json", "--json"], ["comment", "commit"]);
        Assert.True(globals.Json); // the second --json
        Assert.Equal(["review", "7", "--approve", "--comment", "--json"], globals.Rest);
    }
}
