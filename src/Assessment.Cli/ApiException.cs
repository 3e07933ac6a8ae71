namespace Assessment.Cli;

// The server answered with an error status; Message is the problem's detail (or title).
internal sealed class ApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
