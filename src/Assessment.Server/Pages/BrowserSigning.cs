using System.Text.Json;
using Assessment.Core;
using Assessment.Core.Evidence.Personal;

namespace Assessment.Server.Pages;

// Signing an action in the browser (docs/evidence-format.md#action). For a person with a key in
// force, each action form carries the exact statement `assess` would sign for each choice the
// form offers, timed when the page was made; /sign.js signs the chosen one with the private key
// file the person picks (it never leaves the browser) and posts the envelope as the field
// "signature". The server checks it exactly as for the API. Without the script, or without a
// key file picked, the form posts unsigned and the document's Signatures table decides.
public sealed record SigningOffer(string Repository, int Patch, int Revision, string By, DateTimeOffset At)
{
    public const string Field = "signature";

    // The statement's payload as the envelope carries it (base64 of the in-toto Statement).
    public string Statement(string action, string? verdict, string commit) => Convert.ToBase64String(
        ActionStatement.Payload(Repository, commit, new ActionPredicate(Patch, Revision, action, verdict, By, At)));

    // The envelope the script posted, or null for an unsigned action.
    internal static JsonElement? Envelope(IFormCollection form)
    {
        if (form[Field].ToString() is not { Length: > 0 } text) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Refusal.Invalid($"signature: not a DSSE envelope ({e.Message}); nothing was recorded");
        }
    }
}
