using System.Security.Cryptography.X509Certificates;
using Assessment.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;

namespace Assessment.Server.Access;

// A client certificate signs its holder in when it chains to a configured trusted issuer, is
// within its validity period, and is registered to an active user. Anything else is 401.
internal static class ClientCertificates
{
    public const string Scheme = "Certificate";

    public static void Configure(CertificateAuthenticationOptions o, AccessOptions access)
    {
        o.AllowedCertificateTypes = CertificateTypes.Chained;
        o.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
        o.CustomTrustStore = TrustedIssuers(access.ClientCertificates.TrustedIssuersPath);
        o.RevocationMode = X509RevocationMode.NoCheck; // a registered certificate is revoked by removing it
        o.ValidateValidityPeriod = true;
        o.ValidateCertificateUse = true;
        o.Events = new CertificateAuthenticationEvents
        {
            OnCertificateValidated = async context =>
            {
                var http = context.HttpContext;
                var credentials = http.RequestServices.GetRequiredService<CredentialService>();
                var user = await credentials.UserByCertificateAsync(CertificateService.FingerprintOf(context.ClientCertificate), http.RequestAborted);
                if (user is null)
                {
                    context.Fail("client certificate: not registered to an active user");
                    return;
                }
                context.Principal = Principals.Ticket(http, user, Scheme).Principal;
                context.Success();
            },
            // Counted here, once per refused request, whichever check the certificate failed.
            OnChallenge = async context =>
            {
                context.HandleResponse();
                context.HttpContext.RequestServices.GetRequiredService<FailedSignIns>().Record(context.HttpContext);
                var failure = (await context.HttpContext.AuthenticateAsync(Scheme)).Failure?.Message ?? "not accepted";
                const string Prefix = "client certificate: ";
                if (!failure.StartsWith(Prefix, StringComparison.Ordinal)) failure = Prefix + failure;
                await Problems.WriteAsync(context.HttpContext, 401, "Unauthorized",
                    failure + " (registered certificates of a trusted issuer, within their validity, sign in)");
            },
        };
    }

    private static X509Certificate2Collection TrustedIssuers(string? path)
    {
        var issuers = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(path)) issuers.ImportFromPemFile(Path.GetFullPath(path));
        return issuers;
    }
}
