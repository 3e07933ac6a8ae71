using Assessment.Server.People;

namespace Assessment.Server.Pages;

// What every page's frame shows: who is signed in (null on the sign-in page), the antiforgery
// field of its forms, and how many patches wait for the person (the navigation's count).
public sealed record Frame(Viewer? Viewer, FormToken Form, int QueueCount);

// A message at the top of a page: a refusal with the API's status and detail, or a notice.
public sealed record PageMessage(bool Error, string Text, int Status = 0, string? Title = null)
{
    public static PageMessage Refusal(int status, string title, string detail) => new(true, detail, status, title);

    public static PageMessage Notice(string text) => new(false, text);
}

// One state of the patch's workflow document, in the document's order, for the state line.
public sealed record StateStep(string Name, string Meaning, bool Current, bool Final);
