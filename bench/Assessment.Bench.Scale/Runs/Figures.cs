namespace Assessment.Bench.Scale.Runs;

// Repetitions of one figure, taken in turns with the figures it is compared with; medians.
internal sealed class Figures
{
    private readonly Dictionary<string, List<WrkResult>> runs = new(StringComparer.Ordinal);

    public void Add(string key, WrkResult result)
    {
        if (!runs.TryGetValue(key, out var list)) runs[key] = list = [];
        list.Add(result);
    }

    public WrkResult Median(string key)
    {
        var list = runs[key];
        return new WrkResult(Mid(list.Select(r => r.Rps)), Mid(list.Select(r => r.P50Ms)), Mid(list.Select(r => r.P99Ms)),
            list.Sum(r => r.Requests), list.Sum(r => r.Errors), Mid(list.Select(r => r.HostCpuMs)));
    }

    public int Count(string key) => runs.TryGetValue(key, out var list) ? list.Count : 0;

    private static double Mid(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
