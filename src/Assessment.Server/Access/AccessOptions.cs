namespace Assessment.Server.Access;

// Settings of sign-in (section "Assessment"): Assessment__TrustedProxies__0=10.0.0.5, ...
internal sealed class AccessOptions
{
    // Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (none by default).
    public List<string> TrustedProxies { get; set; } = [];

    public ClientCertificateSettings ClientCertificates { get; set; } = new();

    public FailedSignInSettings FailedSignIns { get; set; } = new();

    public int SessionHours { get; set; } = 12;
}

internal sealed class ClientCertificateSettings
{
    // A PEM bundle of the issuers whose client certificates are accepted; none when unset.
    public string? TrustedIssuersPath { get; set; }
}

internal sealed class FailedSignInSettings
{
    // More than PermitLimit failed sign-ins from one address within WindowSeconds: 429.
    public int PermitLimit { get; set; } = 20;
    public int WindowSeconds { get; set; } = 60;
}
