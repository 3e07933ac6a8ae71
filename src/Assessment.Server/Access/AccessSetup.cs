using System.Net;
using Assessment.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Assessment.Server.Access;

// Sign-in and permissions with the framework's own parts: three authentication schemes chosen
// per request, policies on the route groups, forwarded headers from trusted proxies only, and
// a limit on failed sign-ins per address.
internal static class AccessSetup
{
    public const string Scheme = "Assessment";

    public static void AddAssessmentAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AccessOptions>(builder.Configuration.GetSection("Assessment"));
        services.AddScoped<CredentialService>();
        services.AddSingleton<TokenUse>();
        services.AddHostedService<TokenUseWriter>();
        services.AddScoped<CertificateService>();
        services.AddScoped<Assessment.Core.Evidence.Personal.UserKeys>();
        services.AddSingleton<FailedSignIns>();
        services.AddSingleton<IAuthorizationHandler, RoleRequirementHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, RefusalResultHandler>();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Token, session or client certificate", o => o.ForwardDefaultSelector = Select)
            .AddScheme<AuthenticationSchemeOptions, BearerHandler>(BearerHandler.Name, null)
            .AddScheme<AuthenticationSchemeOptions, SessionHandler>(SessionHandler.Name, null)
            .AddCertificate(ClientCertificates.Scheme);
        services.AddOptions<CertificateAuthenticationOptions>(ClientCertificates.Scheme)
            .Configure<IOptions<AccessOptions>>((o, access) => ClientCertificates.Configure(o, access.Value));
        services.AddAuthorization(AccessPolicies.Add);

        // Kestrel asks TLS clients for a certificate but lets the handler judge it, so a missing
        // or unknown one is a clear 401 rather than a failed handshake.
        builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        }));

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<AccessOptions>>((o, access) =>
        {
            // With no proxy listed the middleware would believe any sender: then it reads nothing.
            o.ForwardedHeaders = access.Value.TrustedProxies.Count > 0
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
            // The defaults trust loopback; here only what is configured is trusted.
            o.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // the older list is still consulted; it must be empty too
            o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            o.KnownProxies.Clear();
            foreach (var proxy in access.Value.TrustedProxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<FailedSignIns>(FailedSignIns.Configure);
    }

    // Forwarded headers first (the client's address and scheme), then the failed-sign-in limit,
    // then who the caller is and what the endpoint's policy allows.
    public static void UseAssessmentAccess(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
    }

    // The API takes a bearer token or a client certificate, never the page cookie (a cross-site
    // request carries cookies); the pages take the cookie or a client certificate.
    private static string Select(HttpContext http)
    {
        var api = http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal);
        if (api && http.Request.Headers.Authorization.Count > 0) return BearerHandler.Name;
        if (!api && http.Request.Cookies.ContainsKey(SessionHandler.Cookie)) return SessionHandler.Name;
        if (http.Connection.ClientCertificate is not null) return ClientCertificates.Scheme;
        return api ? BearerHandler.Name : SessionHandler.Name;
    }
}
