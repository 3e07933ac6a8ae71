using Assessment.Core.Git;

namespace Assessment.Core.Evidence;

internal sealed class DriftNode(string sha, string[] parents, int generation)
{
    public string Sha { get; } = sha;
    public string[] Parents { get; } = parents;

    // Greater than every walked ancestor's: painting a range in this order visits each commit
    // only after everything that could reach it, as git does with commit-graph generations.
    public int Generation { get; } = generation;
    public bool Ok { get; set; }
    public bool FullyExplained { get; set; }
    public bool ReachesStart { get; set; }
    internal int ReachedFromHead { get; set; }
    internal int ReachedFromBase { get; set; }
    internal int Queued { get; set; }
}

// The commits reachable from production and not from the start point, parents before
// children, held in memory once so that patch ranges inside it are computed without asking
// git again (LibGit2Sharp costs several native calls per commit it hands out).
internal sealed class DriftGraph
{
    private int _range;

    private DriftGraph(List<DriftNode> order, Dictionary<string, DriftNode> nodes)
    {
        Order = order;
        Nodes = nodes;
    }

    public List<DriftNode> Order { get; }
    public Dictionary<string, DriftNode> Nodes { get; }

    public static DriftGraph Walk(GitRepo repo, string production, string? start)
    {
        var order = new List<DriftNode>();
        var nodes = new Dictionary<string, DriftNode>(StringComparer.Ordinal);
        foreach (var c in CommitWalk.ParentsFirst(repo, production, start))
        {
            var parents = c.Parents;
            var generation = 1 + parents.Select(p => nodes.TryGetValue(p, out var n) ? n.Generation : 0).DefaultIfEmpty(0).Max();
            var node = new DriftNode(c.Sha, parents, generation);
            order.Add(node);
            nodes[node.Sha] = node;
        }
        return new DriftGraph(order, nodes);
    }

    // base..head for a range whose both ends were walked: every walked ancestor of head (and
    // head) that is not an ancestor of base. A path between two walked commits never leaves
    // the walk (what is outside is an ancestor of start, and so are all its ancestors).
    public void AddRange(string @base, string head, HashSet<string> covered)
    {
        var range = ++_range;
        var queue = new PriorityQueue<DriftNode, int>();
        var interestingQueued = 0;
        void Reach(DriftNode node, bool fromBase)
        {
            var wasInteresting = node.Queued == range && node.ReachedFromHead == range && node.ReachedFromBase != range;
            if (fromBase) node.ReachedFromBase = range; else node.ReachedFromHead = range;
            if (node.Queued != range)
            {
                node.Queued = range;
                queue.Enqueue(node, -node.Generation);
                if (!fromBase) interestingQueued++;
            }
            else if (wasInteresting && fromBase)
            {
                interestingQueued--;
            }
        }
        Reach(Nodes[head], fromBase: false);
        Reach(Nodes[@base], fromBase: true);
        // Once every queued commit is an ancestor of base, nothing further down can be in the range.
        while (interestingQueued > 0 && queue.TryDequeue(out var node, out _))
        {
            var fromBase = node.ReachedFromBase == range;
            if (!fromBase)
            {
                interestingQueued--;
                covered.Add(node.Sha);
            }
            foreach (var parent in node.Parents)
            {
                if (Nodes.TryGetValue(parent, out var p)) Reach(p, fromBase);
            }
        }
    }
}
