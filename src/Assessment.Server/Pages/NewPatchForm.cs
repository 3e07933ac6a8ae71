namespace Assessment.Server.Pages;

// What a submit or declare form held, given back to the page so nothing typed is lost.
public sealed record NewPatchForm(
    string? Repository = null, string? Title = null, string? Description = null, string? Base = null, string? Head = null,
    string? Bug = null, string? Follows = null, string? Reason = null, string? Arbitration = null)
{
    public static NewPatchForm From(IFormCollection form) => new(
        Field(form, "repository"), Field(form, "title"), Field(form, "description"), Field(form, "base"), Field(form, "head"),
        Field(form, "bug"), Field(form, "follows"), Field(form, "reason"), Field(form, "arbitration"));

    private static string? Field(IFormCollection form, string name) => form[name].ToString() is { Length: > 0 } v ? v : null;
}
