using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Input;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Users;

internal sealed record CertificateInfo(string Fingerprint, string Subject, string Issuer, DateTimeOffset NotAfter);

// Client certificates a user signs in with: registered by PEM, known by SHA-256 fingerprint.
// Whether a presented certificate is trusted (issuer, validity) is the TLS handshake's and the
// certificate handler's business; here is only whose it is.
internal sealed class CertificateService(AssessmentDb db, WriteGate gate, AuditLog audit, TimeProvider clock)
{
    private const int PemMax = 20_000;

    public static string FingerprintOf(X509Certificate2 certificate) =>
        certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant();

    public async Task<CertificateInfo> RegisterAsync(User actor, string name, string? pem, CancellationToken ct)
    {
        var text = Fields.RequiredText(pem, "certificate", PemMax);
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw Refusal.Malformed($"certificate: not a PEM certificate ({e.Message})");
        }
        using (certificate)
        {
            var info = new CertificateInfo(FingerprintOf(certificate), certificate.Subject, certificate.Issuer,
                new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
            await gate.RunAsync(db, async t =>
            {
                var user = await FindAsync(name, t);
                if (await db.Certificates.AnyAsync(c => c.Fingerprint == info.Fingerprint, t))
                {
                    throw Refusal.Conflict($"certificate: {info.Fingerprint} is already registered");
                }
                db.Certificates.Add(new ClientCertificate
                {
                    UserId = user.Id, Fingerprint = info.Fingerprint, Subject = info.Subject, Issuer = info.Issuer,
                    NotAfter = info.NotAfter, CreatedAt = clock.GetUtcNow(),
                });
                await audit.AppendAsync(db, new AuditEntry(actor.Name, "certificate.registered", new
                {
                    user = user.Name, fingerprint = info.Fingerprint, subject = info.Subject, issuer = info.Issuer, notAfter = info.NotAfter,
                }), t);
                return info;
            }, ct);
            return info;
        }
    }

    public async Task<IReadOnlyList<CertificateInfo>> ListAsync(string name, CancellationToken ct)
    {
        var user = await FindAsync(name, ct);
        var rows = await db.Certificates.AsNoTracking().Where(c => c.UserId == user.Id).OrderBy(c => c.Id).ToListAsync(ct);
        return [.. rows.Select(c => new CertificateInfo(c.Fingerprint, c.Subject, c.Issuer, c.NotAfter))];
    }

    public Task RemoveAsync(User actor, string name, string fingerprint, CancellationToken ct) => gate.RunAsync(db, async t =>
    {
        var user = await FindAsync(name, t);
        var key = fingerprint.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
        var row = await db.Certificates.FirstOrDefaultAsync(c => c.UserId == user.Id && c.Fingerprint == key, t)
            ?? throw Refusal.NotFound($"fingerprint: {Fields.Show(fingerprint, 80)} is not a certificate of {user.Name}");
        db.Certificates.Remove(row);
        await audit.AppendAsync(db, new AuditEntry(actor.Name, "certificate.removed",
            new { user = user.Name, fingerprint = row.Fingerprint, subject = row.Subject }), t);
        return row;
    }, ct);

    private async Task<User> FindAsync(string name, CancellationToken ct) =>
        await db.Users.FirstOrDefaultAsync(u => u.Name == name, ct) ?? throw Refusal.NotFound($"user {Fields.Show(name)} does not exist");
}
