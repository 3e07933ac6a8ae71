using Microsoft.AspNetCore.Authorization;

namespace Assessment.Bench.Scale.Host;

// Maps the ceilings into the real server's pipeline (the shipped server never has them).
// The write ceilings come after the server's whole pipeline, so that a request to them passes
// the same middleware as a real action (body limit, forwarded headers, security headers, errors,
// rate limiting, the bearer token's look-up, the fallback policy) and is then held to the same
// policy as the actions' route group: the comparison is of the action's own work alone. The read
// ceilings stay ahead of the pipeline as the read benchmark calls them (without a token).
internal sealed class CeilingStartup : IHostingStartup
{
    // The policy of the /api route group the actions are in (AccessPolicies.Member).
    private const string MemberPolicy = "member";

    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.AddSingleton<Ceiling>();
        services.AddSingleton<IStartupFilter, CeilingRoutes>();
    });

    private sealed class CeilingRoutes(Ceiling ceiling) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/bench/read", b => b.Run(ceiling.ReadAsync));
            app.Map("/bench/events", b => b.Run(ceiling.EventsAsync));
            next(app);
            // Reached when no endpoint of the server took the request, after all its middleware.
            app.Map("/bench/insert", b => b.Run(http => AuthorizedAsync(http, ceiling.InsertAsync)));
            app.Map("/bench/insert-group", b => b.Run(http => AuthorizedAsync(http, ceiling.InsertGroupedAsync)));
        };

        private static async Task AuthorizedAsync(HttpContext http, RequestDelegate ceiling)
        {
            var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
            if (!(await authorization.AuthorizeAsync(http.User, MemberPolicy)).Succeeded)
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            await ceiling(http);
        }
    }
}
