using Assessment.Core.Audit;
using Assessment.Core.Environments;
using Assessment.Core;
using Assessment.Core.Data;
using Assessment.Core.Evidence;
using Assessment.Core.Git;
using Assessment.Core.GitHub;
using Assessment.Core.Mail;
using Assessment.Core.Patches;
using Assessment.Core.Users;
using Assessment.Core.Workflow;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Assessment.Server;

internal static class Hosting
{
    public static void AddAssessment(this WebApplicationBuilder builder, bool demo)
    {
        // dotnet run works in the caller's folder, not the one holding appsettings.json: the
        // quiet defaults for the frameworks' logs are set here, unless configured otherwise.
        foreach (var category in new[] { "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore" })
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null) builder.Logging.AddFilter(category, LogLevel.Warning);
        }
        var section = builder.Configuration.GetSection("Assessment");
        builder.Services.Configure<AssessmentOptions>(section);
        if (demo)
        {
            builder.Services.PostConfigure<AssessmentOptions>(o => Demo.Prepare(o, section["DataDirectory"]));
        }
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WriteGate>();
        builder.Services.AddSingleton<Core.Backup.DatabaseFileLock>();
        builder.Services.AddSingleton<AuditWatch>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddHostedService<AuditSelfCheck>();
        builder.Services.AddSingleton(sp =>
            WorkflowLoader.LoadDirectory(Path.GetFullPath(sp.GetRequiredService<IOptions<AssessmentOptions>>().Value.WorkflowDirectory)));
        // The roles in force (roles.md), for every "may this person ..." asked by role.
        builder.Services.AddSingleton(sp => sp.GetRequiredService<WorkflowCatalog>().Roles);
        builder.Services.AddSingleton<WorkflowEngine>();
        builder.Services.AddSingleton(sp => new DeploymentEnvironments(sp.GetRequiredService<IOptions<AssessmentOptions>>().Value.Environments));
        builder.Services.AddSingleton(sp => SigningKey.LoadOrCreateFile(sp.GetRequiredService<IOptions<AssessmentOptions>>().Value.SigningKeyFile));
        builder.Services.AddOptions<AssessmentOptions>().Configure<IConfiguration>((o, configuration) =>
            o.Database.ConnectionString ??= configuration.GetConnectionString("Assessment"));
        builder.Services.AddAssessmentDatabase();
        builder.Services.Configure<MailOptions>(section.GetSection("Mail"));
        builder.Services.AddSingleton<IAuditReaction, MailOutboxWriter>();
        builder.Services.AddSingleton<MailSender>();
        builder.Services.Configure<GitHubOptions>(section.GetSection("GitHub"));
        builder.Services.AddSingleton<GitHubApi>();
        builder.Services.AddSingleton<GitHubMirror>();
        builder.Services.AddSingleton<IAuditReaction, StatusOutboxWriter>();
        builder.Services.AddSingleton<StatusSender>();
        builder.Services.AddScoped<PullRequestSubmission>();
        builder.Services.AddScoped<Webhook>();
        builder.Services.Configure<Core.Witness.WitnessOptions>(section.GetSection("Witness"));
        builder.Services.AddSingleton<Core.Witness.WitnessPublisher>();
        builder.Services.AddHostedService<Background.BoundaryLoops>();
        builder.Services.AddScoped<PatchService>();
        builder.Services.AddSingleton<ISignatureCheck, Assessment.Core.Evidence.Personal.SignatureCheck>();
        builder.Services.AddScoped<HandoverIssuer>();
        builder.Services.AddSingleton<Assessment.Core.People.Queue>();
        builder.Services.AddScoped<Assessment.Core.People.PatchList>();
        builder.Services.AddScoped<Assessment.Core.People.Discussion>();
        builder.Services.AddSingleton<People.QueueCounts>();
        builder.Services.AddRazorComponents();
        builder.Services.AddScoped<UserService>();
        builder.Services.AddScoped<RepositoryService>();
        builder.Services.AddScoped<Assessment.Core.Gate.PushGate>();
        builder.Services.AddSingleton<Endpoints.PatchViews>();
        builder.Services.AddProblemDetails();
        // A body that does not bind (malformed JSON) reaches the error handler, which names the fault.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddAntiforgery(); // the page forms (Pages/)
        // The keys behind the forms' antiforgery tokens and cookies live with the data, so a
        // restart does not turn a form open in a browser into a refusal.
        builder.Services.AddDataProtection().SetApplicationName("Assessment");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IOptions<AssessmentOptions>, ILoggerFactory>((keys, o, logs) =>
            keys.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(Path.GetFullPath(o.Value.DataDirectory), "data-protection-keys")), logs));
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
        });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = BodyLimit.Bytes);
    }

    // Loads the workflows, migrates the database and creates the first admin; a workflow
    // document that cannot be enforced stops the service here, naming file and line.
    public static async Task<bool> StartAssessmentAsync(this WebApplication app, bool demo)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Assessment");
        var options = app.Services.GetRequiredService<IOptions<AssessmentOptions>>().Value;
        WorkflowCatalog catalog;
        try
        {
            catalog = app.Services.GetRequiredService<WorkflowCatalog>();
        }
        catch (WorkflowException e)
        {
            await Console.Error.WriteLineAsync($"Assessment cannot start: workflow document {e.Message}");
            return false;
        }
        try
        {
            options.Database.Validate();
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"Assessment cannot start: {e.Message}");
            return false;
        }
        Directory.CreateDirectory(Path.GetFullPath(options.DataDirectory));
        if (!options.Database.IsPostgreSQL && !app.Services.GetRequiredService<Core.Backup.DatabaseFileLock>().TryAcquire(options.DatabasePath, TimeSpan.FromSeconds(5)))
        {
            await Console.Error.WriteLineAsync(
                $"Assessment cannot start: another server, or assess admin restore, is using {options.DatabasePath} (it holds {options.DatabasePath}.lock)");
            return false;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDb>();
        await DatabaseMigration.MigrateAsync(db, CancellationToken.None);
        await CheckAuditLogAsync(app, db, log);
        await WorkflowVersions.RecordAsync(db, catalog, app.Services, CancellationToken.None);
        if (!await RecordSigningKeyAsync(app, db, options, log)) return false;
        var token = await scope.ServiceProvider.GetRequiredService<UserService>()
            .BootstrapAsync(options.BootstrapToken, CancellationToken.None);
        if (token is not null && string.IsNullOrWhiteSpace(options.BootstrapToken))
        {
            Console.WriteLine($"Created the user 'admin'. Its token (shown only now): {token}");
        }
        if (demo)
        {
            await Demo.SeedAsync(scope.ServiceProvider, token, CancellationToken.None);
        }
        log.LogInformation("Assessment: data in {Directory}, workflows {Workflows}", options.DataDirectory,
            string.Join(", ", catalog.All.Select(w => $"{w.Name} ({w.ContentHash[..12]})")));
        return true;
    }

    // The key in use is recorded (a new one is a rotation, logged); one lying in the data
    // directory is warned about, as production keeps it apart.
    private static async Task<bool> RecordSigningKeyAsync(WebApplication app, AssessmentDb db, AssessmentOptions options, ILogger log)
    {
        var key = app.Services.GetRequiredService<SigningKey>();
        if (SigningKey.PlacementWarning(options.SigningKeyFile, options.DataDirectory) is { } warning) log.LogWarning("{Warning}", warning);
        try
        {
            if (await Core.Keys.ServerKeyRing.RecordAsync(db, app.Services.GetRequiredService<WriteGate>(),
                    app.Services.GetRequiredService<AuditLog>(), key, app.Services.GetRequiredService<TimeProvider>(), CancellationToken.None))
            {
                log.LogInformation("Signing with key {KeyId} from {File}, recorded in the log", key.KeyId, options.SigningKeyFile);
            }
            return true;
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"Assessment cannot start: {e.Message}");
            return false;
        }
    }

    // The whole log is verified before the server serves; a broken log is reported here and by
    // /healthz, and the server then signs nothing. The finding is logged as an event too, from
    // which the system log is mailed (VerificationAlarm), once per first bad event.
    private static async Task CheckAuditLogAsync(WebApplication app, AssessmentDb db, ILogger log)
    {
        var watch = app.Services.GetRequiredService<AuditWatch>();
        watch.OnBroken = async (result, ct) =>
        {
            log.LogCritical("The audit log is broken at event {FirstBadEvent}: {Detail}", result.FirstBadEvent, result.Detail);
            if (result.FirstBadEvent is not { } bad || WriteGate.InsideGate) return;
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                var services = scope.ServiceProvider;
                await VerificationAlarm.RecordAsync(services.GetRequiredService<AssessmentDb>(), services.GetRequiredService<WriteGate>(),
                    services.GetRequiredService<AuditLog>(), Principal.System, bad, result.Detail, ct);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Refusal)
            {
                log.LogCritical(e, "The broken audit log could not be recorded for the system-log mail");
            }
        };
        await watch.CheckAsync(db, full: true, CancellationToken.None);
    }
}
