using System.Text.Json;

namespace Assessment.Cli;

// The server answered with an error status; Message is the problem's detail (or title), Problem
// the problem+json object itself when the server sent one.
internal sealed class ApiException(int status, string message, JsonElement? problem = null) : Exception(message)
{
    public int Status { get; } = status;

    public JsonElement? Problem { get; } = problem;
}
