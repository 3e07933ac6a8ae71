using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Git;
using Assessment.Core.Patches;
using Assessment.Core.Users;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server;

// `--demo`: a fresh data directory, a small controlled repository, one user per role and a
// few patches standing at different steps, all made through the same services as real use.
internal static class Demo
{
    public static void Prepare(AssessmentOptions options, string? configuredDirectory)
    {
        options.DataDirectory = configuredDirectory
            ?? Path.Combine(Path.GetTempPath(), $"assessment-demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
    }

    public static async Task SeedAsync(IServiceProvider services, string? adminToken, CancellationToken ct)
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AssessmentOptions>>().Value;
        var db = services.GetRequiredService<AssessmentDb>();
        if (await db.Patches.AnyAsync(ct)) return;
        var repoPath = Path.Combine(Path.GetFullPath(options.DataDirectory), "repos", "cacert-devel");
        var shas = CreateSampleRepository(repoPath);

        var users = services.GetRequiredService<UserService>();
        var bootstrapName = users.BootstrapName;
        var admin = await db.Users.SingleAsync(u => u.Name == bootstrapName, ct);
        // Each person holds the role the documents give the requests they make.
        var engine = services.GetRequiredService<WorkflowEngine>();
        string RoleFor(string request) => engine.RoleFor(request);
        var people = new (string Name, string Role)[]
        {
            ("alice", RoleFor(ApiRequests.Submit)), ("bob", RoleFor(ApiRequests.ReviewWith(Verdicts.Approve))),
            ("carol", RoleFor(ApiRequests.ReviewWith(Verdicts.Approve))), ("dave", RoleFor(ApiRequests.TestWith(Verdicts.Pass))),
            ("erin", RoleFor(ApiRequests.TestWith(Verdicts.Pass))), ("sam", RoleFor(ApiRequests.Declare)), ("audrey", engine.ReaderRole()),
        };
        var tokens = new List<(string, string, string)>();
        foreach (var (name, role) in people)
        {
            var (_, token) = await users.CreateAsync(admin, name, [role], "demo", $"{name}@example.org", ct);
            tokens.Add((name, role, token));
        }
        await services.GetRequiredService<RepositoryService>().RegisterAsync(admin, "cacert-devel", repoPath, "release", ct);

        User U(string name) => db.Users.AsNoTracking().Single(u => u.Name == name);
        var patches = services.GetRequiredService<PatchService>();
        var waiting = await patches.SubmitAsync(U("alice"), new("cacert-devel", "Escape user names in the account page", "Fixes an XSS in `account.php`.", shas[0], shas[1], "1234", null), ct);
        var reviewed = await patches.SubmitAsync(U("alice"), new("cacert-devel", "Check OCSP nonce length", "Rejects nonces over 32 bytes.", shas[1], shas[2], "1240", null), ct);
        foreach (var assessor in new[] { "bob", "carol" })
        {
            await patches.ReviewAsync(reviewed.Id, U(assessor), new(Verdicts.Approve, "Looks right.", reviewed.Head), ct);
        }
        var blessed = await patches.SubmitAsync(U("alice"), new("cacert-devel", "Raise minimum RSA key size to 2048", "Policy change from motion m20140731.1.", shas[2], shas[3], "1251", null), ct);
        foreach (var assessor in new[] { "bob", "carol" })
        {
            await patches.ReviewAsync(blessed.Id, U(assessor), new(Verdicts.Approve, "Reviewed the diff and the policy.", blessed.Head), ct);
        }
        await patches.DeployAsync(blessed.Id, U("bob"), new("test", blessed.Head, null), ct);
        foreach (var tester in new[] { "dave", "erin" })
        {
            await patches.TestAsync(blessed.Id, U(tester), new(Verdicts.Pass, "Issued a test certificate; 1024-bit CSR refused.", blessed.Head), ct);
        }
        await patches.BlessAsync(blessed.Id, U("carol"), "Blessed for production.", ct);
        var emergency = await patches.DeclareEmergencyAsync(U("sam"), new("cacert-devel", shas[4], shas[3], "Upgrade OpenSSL (Heartbleed)", "CVE-2014-0160 is remotely exploitable; patched at once.", "a20140408.1"), ct);

        Console.WriteLine();
        Console.WriteLine($"Demo data directory: {Path.GetFullPath(options.DataDirectory)}");
        Console.WriteLine($"Demo controlled repository 'cacert-devel': {repoPath}");
        if (adminToken is not null) Console.WriteLine($"  {bootstrapName,-7} {admin.RoleList,-10} {adminToken}");
        foreach (var (name, role, token) in tokens) Console.WriteLine($"  {name,-7} {role,-10} {token}");
        Console.WriteLine($"Patches: #{waiting.Id} {waiting.State}, #{reviewed.Id} {reviewed.State}, #{blessed.Id} {blessed.State}, #{emergency.Id} emergency {emergency.State}.");
        Console.WriteLine();
    }

    private static string[] CreateSampleRepository(string path)
    {
        using var repo = GitWriter.Init(path);
        var when = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        string Commit(string message, string file, string content, string who, int day) =>
            GitWriter.Commit(repo, message, file, content, who, $"{who}@example.org", when.AddDays(day));
        string[] shas =
        [
            Commit("Initial import", "README", "CAcert web application\n", "alice", 0),
            Commit("Escape user names in the account page", "account.php", "<?php echo htmlspecialchars($name); ?>\n", "alice", 1),
            Commit("Check OCSP nonce length", "ocsp.c", "if (len > 32) return ERR;\n", "alice", 2),
            Commit("Raise minimum RSA key size to 2048", "policy.ini", "min_rsa_bits = 2048\n", "alice", 3),
            Commit("Upgrade OpenSSL to 1.0.1g", "openssl.version", "1.0.1g\n", "sam", 4),
        ];
        GitWriter.Branch(repo, "release", shas[0]);
        return shas;
    }
}
