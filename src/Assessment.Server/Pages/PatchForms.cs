using System.Text;
using Assessment.Core.Patches;
using static Assessment.Server.Pages.Layout;

namespace Assessment.Server.Pages;

// A form for each of the user's nextActions, as the engine lists them; nothing else is offered.
// Reviews, tests and deployments carry the commit this page showed, so a head that moved
// meanwhile makes the service refuse (409) instead of recording a verdict about other code.
internal static class PatchForms
{
    public static string For(HttpContext http, PatchView p, DeploymentEnvironments environments)
    {
        if (p.NextActions.Count == 0)
        {
            return "<h2 class=\"no-print\">Your actions</h2><p class=\"no-actions no-print\">Nothing for you to do on this patch now.</p>";
        }
        var token = Antiforgery(http);
        var b = new StringBuilder("<h2 class=\"no-print\">Your actions</h2><div class=\"actions\">");
        foreach (var action in p.NextActions)
        {
            b.Append(action switch
            {
                "review" => Form(p, "review", "Review", "Record review", token, p.Head,
                    Choice("verdict", ("approve", "Approve"), ("request-changes", "Request changes")) + CommentBox("review")),
                "test" => Form(p, "test", "Test result", "Record test result", token, p.Head,
                    Choice("result", ("pass", "Pass"), ("fail", "Fail")) + CommentBox("test")),
                "deploy-test" => Deploy(p, environments, DeploymentEnvironments.Test, p.Head, token),
                "deploy-production" => Deploy(p, environments, DeploymentEnvironments.Production, p.Blessing?.Commit ?? p.Head, token),
                "bless" => Form(p, "bless", "Formal blessing", "Bless", token, null,
                    $"<p>Bless head {Short(p.Head)} and sign the hand-over to the sysadmins.</p>" + CommentBox("bless")),
                "revise" => Form(p, "revise", "New revision", "Revise", token, null,
                    "<label for=\"revise-head\">New head (sha, short sha or branch)</label>" +
                    "<input type=\"text\" id=\"revise-head\" name=\"head\" required>" +
                    "<p><small>Earlier reviews and tests become stale.</small></p>"),
                "withdraw" => Form(p, "withdraw", "Withdraw", "Withdraw", token, null, CommentBox("withdraw")),
                _ => "",
            });
        }
        return b.Append("</div>").ToString();
    }

    private static string Deploy(PatchView p, DeploymentEnvironments environments, string kind, string commit, string token)
    {
        var options = environments.All.Where(e => string.Equals(e.Kind, kind, StringComparison.Ordinal))
            .Select(e => $"<option value=\"{E(e.Name)}\">{E(e.Name)}</option>");
        var id = "deploy-" + kind;
        var witness = kind == DeploymentEnvironments.Production
            ? $"<label for=\"{id}-witness\">Witness (second pair of eyes)</label><input type=\"text\" id=\"{id}-witness\" name=\"witness\">"
            : "";
        var title = kind == DeploymentEnvironments.Production ? "Deploy to production" : "Deploy to test";
        return Form(p, "deploy", title, title, token, commit,
            $"<p>Commit {Short(commit)}.</p><label for=\"{id}-environment\">Environment</label>" +
            $"<select id=\"{id}-environment\" name=\"environment\">{string.Concat(options)}</select>{witness}", id);
    }

    private static string Form(
        PatchView p, string action, string title, string button, string token, string? commit, string fields, string? id = null) => $"""
        <form method="post" action="/patches/{p.Id}/{action}" class="action" id="{id ?? action}-form">
        <h3>{E(title)}</h3>
        {token}
        {(commit is null ? "" : $"<input type=\"hidden\" name=\"commit\" value=\"{E(commit)}\">")}
        {fields}
        <button type="submit">{E(button)}</button>
        </form>
        """;

    private static string Choice(string name, params (string Value, string Label)[] choices) => string.Concat(choices.Select((c, i) =>
        $"<label class=\"choice\"><input type=\"radio\" name=\"{name}\" value=\"{c.Value}\"{(i == 0 ? " required" : "")}> {E(c.Label)}</label>"))
        + "<br>";

    private static string CommentBox(string action) =>
        $"<label for=\"{action}-comment\">Comment</label><textarea id=\"{action}-comment\" name=\"comment\" rows=\"3\"></textarea>";
}
