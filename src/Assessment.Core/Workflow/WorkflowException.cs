namespace Assessment.Core.Workflow;

// A workflow document that cannot be enforced; the message names file, line and problem.
internal sealed class WorkflowException(string filePath, int line, string problem)
    : Exception($"{filePath}:{line}: {problem}")
{
    public string FilePath { get; } = filePath;
    public int Line { get; } = line;
    public string Problem { get; } = problem;
}
