namespace Assessment.Core.Workflow;

// When the person's own signature is required (the Signatures table, | Action | Signed |):
// "always", or "if-key": once the person has a key registered. An action the table does not
// name may be signed but need not be.
internal enum SignedWhen { IfKey, Always }

internal sealed record SignatureRule(string Action, SignedWhen When, int Line);

internal static class SignatureRules
{
    public const string Section = "Signatures";

    public static IReadOnlyDictionary<string, SignatureRule> Read(SectionTable? table, string filePath)
    {
        var rules = new Dictionary<string, SignatureRule>(StringComparer.Ordinal);
        if (table is null) return rules;
        if (table.Header.Cells is not ["Action", "Signed"])
            throw new WorkflowException(filePath, table.Header.Line, "the Signatures table must have the columns Action | Signed");
        foreach (var row in table.Rows)
        {
            var action = row.Cell(0);
            var when = row.Cell(1) switch
            {
                "always" => SignedWhen.Always,
                "if-key" => SignedWhen.IfKey,
                var other => throw new WorkflowException(filePath, row.Line,
                    $"action '{action}' has Signed '{other}' in the Signatures table; write always or if-key"),
            };
            if (!rules.TryAdd(action, new SignatureRule(action, when, row.Line)))
                throw new WorkflowException(filePath, row.Line, $"action '{action}' appears twice in the Signatures table");
        }
        return rules;
    }

    public static void Validate(WorkflowDefinition workflow)
    {
        foreach (var rule in workflow.Signatures.Values.Where(r => workflow.FindAction(r.Action) is null))
            throw new WorkflowException(workflow.FilePath, rule.Line, $"the Signatures table names '{rule.Action}', which is not an action of this workflow");
    }
}
