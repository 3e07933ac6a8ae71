using Assessment.TestSupport;

namespace Assessment.Server.Tests.Pages;

public sealed class KeyStorageTests
{
    // The antiforgery and cookie keys are kept in the data directory, beside the database,
    // so a restarted server still accepts the forms it handed out.
    [Fact]
    public async Task Form_protection_keys_are_kept_in_the_data_directory()
    {
        using var app = new AssessmentApp();
        using var client = app.CreateClient();
        var login = await client.GetStringAsync("/login");
        Assert.Contains("__RequestVerificationToken", login, StringComparison.Ordinal);

        var keys = Path.Combine(app.DataDirectory, "data-protection-keys");
        Assert.True(Directory.Exists(keys), $"{keys} was not created");
        Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml"));
    }
}
