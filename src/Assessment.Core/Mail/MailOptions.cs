namespace Assessment.Core.Mail;

// The "Assessment:Mail" section. Without a host, no mail is written or sent.
internal sealed class MailOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string From { get; set; } = "assessment@localhost";

    // The system-log list: every critical change goes here.
    public List<string> SystemLog { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
