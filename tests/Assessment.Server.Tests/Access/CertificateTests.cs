using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Assessment.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Server.Tests.Access;

// Over real TLS on loopback, Kestrel configured as README says (Kestrel__Endpoints__Https__*),
// with a test CA as the trusted issuer: a registered certificate is its user, for the API and
// the pages; unregistered, expired and foreign-issuer certificates are refused with 401.
public sealed class CertificateTests : IDisposable
{
    private readonly string folder = TempGitRepo.NewTempFolder("tls");
    private readonly X509Certificate2 ca = TestCertificates.Authority("Assessment Test CA");
    private readonly X509Certificate2 foreignCa = TestCertificates.Authority("Someone Else's CA");

    [Fact]
    public async Task A_registered_certificate_of_the_trusted_issuer_signs_in_and_others_are_refused()
    {
        using var app = StartTls(out var https);
        var bob = TestCertificates.Client(ca, "bob");
        var stranger = TestCertificates.Client(ca, "stranger");
        var expired = TestCertificates.Client(ca, "bob-old", expired: true);
        var foreign = TestCertificates.Client(foreignCa, "bob-elsewhere");
        var bobToken = await CreateUserAsync(app, https, "bob", "assessor");

        using (var asBob = Client(https, null, bobToken))
        {
            foreach (var certificate in new[] { bob, expired, foreign })
            {
                var registered = await asBob.PostAsJsonAsync("/api/users/bob/certificates", new { certificate = TestCertificates.Pem(certificate) });
                var info = await ApiAssert.StatusAsync(registered, HttpStatusCode.Created);
                Assert.Equal(certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).ToLowerInvariant(), info.Str("fingerprint"));
                Assert.Equal(certificate.Subject, info.Str("subject"));
            }
            Assert.Equal(3, (await ApiAssert.StatusAsync(await asBob.GetAsync("/api/users/bob/certificates"), HttpStatusCode.OK)).GetArrayLength());
            await ApiAssert.ProblemAsync(await asBob.PostAsJsonAsync("/api/users/admin/certificates", new { certificate = TestCertificates.Pem(stranger) }),
                HttpStatusCode.Forbidden, "that user");
        }

        using (var withCertificate = Client(https, bob, token: null))
        {
            var me = await ApiAssert.StatusAsync(await withCertificate.GetAsync("/api/me"), HttpStatusCode.OK);
            Assert.Equal("bob", me.Str("name"));
            var page = await withCertificate.GetAsync("/patches");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Signed in as <strong>bob</strong>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        foreach (var (certificate, why) in new[] { (stranger, "unregistered"), (expired, "expired"), (foreign, "foreign issuer") })
        {
            using var refused = Client(https, certificate, token: null);
            var answer = await refused.GetAsync("/api/me");
            Assert.True(answer.StatusCode == HttpStatusCode.Unauthorized, $"{why}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }
        using (var none = Client(https, null, token: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/api/me")).StatusCode);
        }

        // Deactivation refuses the certificate too; removal of a certificate refuses it for good.
        using var admin = Client(https, null, AssessmentApp.AdminToken);
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/users/bob/deactivation", new { motion = "m1" }), HttpStatusCode.OK);
        using (var deactivated = Client(https, bob, token: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await deactivated.GetAsync("/api/me")).StatusCode);
        }
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/users/bob/activation", new { motion = "m2" }), HttpStatusCode.OK);
        var fingerprint = bob.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        await ApiAssert.StatusAsync(await admin.DeleteAsync($"/api/users/bob/certificates/{fingerprint}"), HttpStatusCode.NoContent);
        using (var removed = Client(https, bob, token: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await removed.GetAsync("/api/me")).StatusCode);
        }
        var events = (await ApiAssert.StatusAsync(await admin.GetAsync("/api/audit/events"), HttpStatusCode.OK)).EnumerateArray().Select(e => e.Str("type")).ToList();
        Assert.Equal(3, events.Count(t => t == "certificate.registered"));
        Assert.Single(events, "certificate.removed");
    }

    private AssessmentApp StartTls(out Uri https)
    {
        var server = TestCertificates.Server(ca);
        File.WriteAllText(Path.Combine(folder, "server.pem"), TestCertificates.Pem(server));
        File.WriteAllText(Path.Combine(folder, "server.key"), TestCertificates.KeyPem(server));
        File.WriteAllText(Path.Combine(folder, "issuers.pem"), TestCertificates.Pem(ca));
        var app = new AssessmentApp(settings: new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = Path.Combine(folder, "server.pem"),
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = Path.Combine(folder, "server.key"),
            ["Assessment:ClientCertificates:TrustedIssuersPath"] = Path.Combine(folder, "issuers.pem"),
        });
        app.UseKestrel(); // listening only where the configuration says: the HTTPS endpoint
        app.StartServer();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        https = new Uri(addresses.FirstOrDefault(a => a.StartsWith("https:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("no https address among " + string.Join(", ", addresses)));
        return app;
    }

    // A TLS client that trusts only the test CA for the server, presenting the given certificate.
    private HttpClient Client(Uri https, X509Certificate2? certificate, string? token)
    {
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return presented is not null && chain.Build(presented);
            },
        };
        if (certificate is not null) handler.ClientCertificates.Add(certificate);
        var client = new HttpClient(handler) { BaseAddress = https };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private async Task<string> CreateUserAsync(AssessmentApp app, Uri https, string name, params string[] roles)
    {
        _ = app;
        using var admin = Client(https, null, AssessmentApp.AdminToken);
        var created = await admin.PostAsJsonAsync("/api/users", new { name, roles, motion = "m1" });
        return (await ApiAssert.StatusAsync(created, HttpStatusCode.Created)).Str("token");
    }

    public void Dispose()
    {
        ca.Dispose();
        foreignCa.Dispose();
        TempGitRepo.DeleteFolder(folder);
    }
}
