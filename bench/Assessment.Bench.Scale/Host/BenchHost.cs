[assembly: HostingStartup(typeof(Assessment.Bench.Scale.Host.CeilingStartup))]

namespace Assessment.Bench.Scale.Host;

// The real server, unchanged, in this process: its own entry point is called, and this
// assembly joins as a hosting startup that maps the ceiling endpoints beside the real ones.
// The shipped server never has them: only a process started as a bench host loads this.
internal static class BenchHost
{
    public static int Run(string[] serverArgs)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_HOSTINGSTARTUPASSEMBLIES", typeof(BenchHost).Assembly.GetName().Name);
        var entry = typeof(Program).Assembly.EntryPoint ?? throw new InvalidOperationException("the server has no entry point");
        var result = entry.Invoke(null, [serverArgs]);
        return result switch
        {
            int code => code,
            Task<int> task => task.GetAwaiter().GetResult(),
            _ => 0,
        };
    }
}
