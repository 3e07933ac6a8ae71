using System.CommandLine;

namespace Assessment.Cli.Verbs;

// Shell completion: the script asks assess itself, through System.CommandLine's [suggest]
// directive, so verbs and options added later complete without a new script.
internal static class CompletionVerb
{
    private const string Bash = """
        # assess completion for bash: eval "$(assess completion bash)" in ~/.bashrc
        _assess_complete() {
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _assess_complete assess
        """;

    private const string Zsh = """
        # assess completion for zsh: eval "$(assess completion zsh)" in ~/.zshrc
        autoload -Uz bashcompinit && bashcompinit
        """;

    public static Command Create()
    {
        var shell = Verb.Text("SHELL", "bash or zsh");
        shell.AcceptOnlyFromAmong("bash", "zsh");
        return Verb.Create("completion", """
            Print the shell completion script for bash or zsh. Load it from your shell's start-up
            file: eval "$(assess completion bash)". Verbs, options and their choices complete.
            """,
            new VerbAction((context, parse, _) =>
            {
                if (parse.GetValue(shell) == "zsh")
                    context.Out.WriteLine(Zsh);
                context.Out.WriteLine(Bash);
                return Task.FromResult(ExitCodes.Ok);
            }),
            shell);
    }
}
