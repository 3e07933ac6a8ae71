using System.CommandLine;
using System.Text.Json;
using Assessment.Cli.Output;

namespace Assessment.Cli.Verbs;

internal static class ListVerb
{
    public static Command Create()
    {
        var state = Verb.Value("--state", "STATE", "only patches in this state");
        // The kinds are the server's workflow documents: it refuses one it has not, naming those it has.
        var kind = Verb.Value("--kind", "KIND", "only patches of this kind (the name of one of the server's workflow documents)");
        var overdue = Verb.Flag("--overdue", "only emergencies whose review is overdue");
        var search = Verb.Value("--search", "TEXT", "only patches whose title, description, bug or commit matches");
        return Verb.Create("list", """
            List patches, optionally only those in one state, of one kind, or emergencies whose
            review is overdue. Emergencies show their review deadline.
            """,
            new VerbAction(async (context, parse, cancellationToken) =>
            {
                var path = ApiClient.WithQuery("api/patches",
                    ("state", parse.GetValue(state)),
                    ("kind", parse.GetValue(kind)),
                    ("overdue", parse.GetValue(overdue) ? "true" : null),
                    ("q", parse.GetValue(search)));
                var patches = await context.Api.GetAllAsync(path, cancellationToken);
                if (context.Json)
                    context.Out.WriteLine(JsonSerializer.Serialize(patches, CliJson.Options));
                else
                    PatchView.WriteList(context.Out, patches, context.Width);
                return ExitCodes.Ok;
            }),
            state, kind, overdue, search);
    }
}
