using System.CommandLine;
using Assessment.Cli.Hooks;

namespace Assessment.Cli.Verbs;

internal static class HookPreReceiveVerb
{
    public static Command Create()
    {
        var repo = Verb.Value("--repo", "NAME", "the registered repository this hook guards", required: true);
        return Verb.Create("pre-receive", """
            The pre-receive hook of a controlled repository: reads git's '<old> <new> <ref>' lines
            on stdin, lists the new commits, and asks the server whether each update may pass. The
            production branch takes only fast-forwards whose every new commit is covered by a
            blessed patch or a recorded emergency. Exit code 0 accepts the push, 1 refuses it.
            The server unreachable: refused, unless an admin set the repository to fail open.
            """,
            new VerbAction((context, parse, cancellationToken) =>
            {
                // git runs the hook in the repository (GIT_DIR is set, often to ".").
                var gitDirectory = Path.GetFullPath(Environment.GetEnvironmentVariable("GIT_DIR") is { Length: > 0 } dir ? dir : ".");
                var hook = new PreReceive(context.Api, Console.In, context.Out, context.Error, gitDirectory);
                return hook.RunAsync(Verb.Required(parse, repo), cancellationToken);
            }),
            repo);
    }
}
