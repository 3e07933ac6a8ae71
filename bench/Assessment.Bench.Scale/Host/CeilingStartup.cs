namespace Assessment.Bench.Scale.Host;

// Maps /bench/* ahead of the server's pipeline (no sign-in: the bare endpoints measure the
// database and HTTP alone, as the ceiling did).
internal sealed class CeilingStartup : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.AddSingleton<Ceiling>();
        services.AddSingleton<IStartupFilter, CeilingRoutes>();
    });

    private sealed class CeilingRoutes(Ceiling ceiling) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/bench/insert", b => b.Run(ceiling.InsertAsync));
            app.Map("/bench/insert-group", b => b.Run(ceiling.InsertGroupedAsync));
            app.Map("/bench/read", b => b.Run(ceiling.ReadAsync));
            app.Map("/bench/events", b => b.Run(ceiling.EventsAsync));
            next(app);
        };
    }
}
