using System.CommandLine;

namespace Assessment.Cli.Verbs;

internal static class WithdrawVerb
{
    private sealed record Request(string? Comment);

    public static Command Create()
    {
        var id = Verb.PatchId();
        var comment = Verb.Value("--comment", "TEXT", "why");
        return Verb.Create("withdraw", "Withdraw a patch (its author or an admin).",
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var patch = parse.GetValue(id);
                var response = await context.Api.PostAsync(PatchActions.PatchPath(patch, "withdrawal"), new Request(parse.GetValue(comment)), cancellationToken);
                return PatchActions.WriteOutcome(context, response, $"Withdrew patch #{patch}.");
            }),
            id, comment);
    }
}
