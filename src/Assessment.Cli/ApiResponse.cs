using System.Text;
using System.Text.Json;

namespace Assessment.Cli;

// A successful answer, kept as the exact bytes: hand-overs and checkpoints are saved unchanged.
internal sealed record ApiResponse(byte[] Content, string? MediaType, string? Next = null)
{
    public string Text => Encoding.UTF8.GetString(Content);

    // For answers whose body is informational only: no JSON means nothing to show.
    public JsonElement JsonOrDefault()
    {
        try
        {
            return Json;
        }
        catch (ApiException)
        {
            return default;
        }
    }

    public JsonElement Json
    {
        get
        {
            if (Content.Length == 0)
                return default;
            try
            {
                using var document = JsonDocument.Parse(Content);
                return document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new ApiException(0, $"the server's answer is not JSON: {e.Message}");
            }
        }
    }
}
