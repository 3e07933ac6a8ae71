using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assessment.Core.Data;

internal static class DatabaseServices
{
    // AssessmentDb resolves to the configured provider's context. The choice is made when a
    // context is first created, from the options, so settings applied after registration count.
    // The contexts' options are built once (a singleton, as the settings they read are): built
    // per request they cost a connection string's parsing and an options builder per action.
    public static IServiceCollection AddAssessmentDatabase(this IServiceCollection services)
    {
        services.AddSingleton<AuditReactions>();
        services.AddSingleton<SqliteConnectionPool>();
        // What follows from an audit event (an outbox mail) is saved with it.
        services.AddDbContext<SqliteAssessmentDb>((sp, builder) =>
        {
            SqliteAssessmentDb.Configure(builder, Options(sp).DatabasePath, sp.GetRequiredService<SqliteConnectionPool>());
            builder.AddInterceptors(sp.GetRequiredService<AuditReactions>());
        }, optionsLifetime: ServiceLifetime.Singleton);
        services.AddDbContext<PostgresAssessmentDb>((sp, builder) =>
        {
            PostgresAssessmentDb.Configure(builder, Options(sp).Database.ConnectionString ?? "");
            builder.AddInterceptors(sp.GetRequiredService<AuditReactions>());
        }, optionsLifetime: ServiceLifetime.Singleton);
        services.AddScoped<AssessmentDb>(sp => Options(sp).Database.IsPostgreSQL
            ? sp.GetRequiredService<PostgresAssessmentDb>()
            : sp.GetRequiredService<SqliteAssessmentDb>());
        return services;
    }

    private static AssessmentOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<AssessmentOptions>>().Value;
}
