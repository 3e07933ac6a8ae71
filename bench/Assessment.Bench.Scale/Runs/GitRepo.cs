using System.Diagnostics;

namespace Assessment.Bench.Scale.Runs;

// A small controlled repository: release, then two commits on main (a patch and its revision).
internal sealed record GitRepo(string Path, string Release, string First, string Second)
{
    public static async Task<GitRepo> CreateAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(path);
        await GitAsync(path, ct, "init", "-q", "-b", "main");
        await File.WriteAllTextAsync(System.IO.Path.Combine(path, "README"), "CAcert web application\n", ct);
        await CommitAsync(path, "Initial import", ct);
        await GitAsync(path, ct, "branch", "release");
        await File.WriteAllTextAsync(System.IO.Path.Combine(path, "policy.ini"), "min_rsa_bits = 2048\n", ct);
        await CommitAsync(path, "Raise minimum RSA key size", ct);
        var first = await GitAsync(path, ct, "rev-parse", "HEAD");
        await File.WriteAllTextAsync(System.IO.Path.Combine(path, "policy.ini"), "min_rsa_bits = 2048\nmin_ec_bits = 256\n", ct);
        await CommitAsync(path, "Name the EC minimum too", ct);
        return new GitRepo(path, await GitAsync(path, ct, "rev-parse", "release"), first, await GitAsync(path, ct, "rev-parse", "HEAD"));
    }

    private static async Task CommitAsync(string path, string message, CancellationToken ct)
    {
        await GitAsync(path, ct, "add", "-A");
        await GitAsync(path, ct, "-c", "user.name=alice", "-c", "user.email=alice@example.org", "commit", "-q", "-m", message);
    }

    private static async Task<string> GitAsync(string path, CancellationToken ct, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var git = Process.Start(info)!;
        var output = await git.StandardOutput.ReadToEndAsync(ct);
        await git.WaitForExitAsync(ct);
        if (git.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {await git.StandardError.ReadToEndAsync(ct)}");
        return output.Trim();
    }
}
