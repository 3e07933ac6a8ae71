using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class ListVerb
{
    public static readonly Verb Definition = new(
        "list",
        "list [--state STATE] [--kind regular|emergency] [--overdue]",
        """
        List patches, optionally only those in one state, of one kind, or emergencies whose
        review is overdue. Emergencies show their review deadline.
        """,
        ["state", "kind"],
        ["overdue"],
        RunAsync);

    private static async Task<int> RunAsync(CliContext context, Arguments args, CancellationToken cancellationToken)
    {
        args.ExpectPositionals();
        var path = ApiClient.WithQuery("api/patches",
            ("state", args.Value("state")),
            ("kind", args.Value("kind")),
            ("overdue", args.Has("overdue") ? "true" : null));
        var response = await context.Api.GetAsync(path, cancellationToken);
        if (context.Json)
            context.WriteRaw(response);
        else
            PatchView.WriteList(context.Out, [.. response.Json.List("patches")]);
        return ExitCodes.Ok;
    }
}
