#if ASSESSMENT_SERVER_TESTS
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Assessment.TestSupport;

// The real server in-process on a real SQLite file in a fresh data directory (or a fresh
// PostgreSQL database, see TestDatabase), with a clock the test moves. Kestrel = true listens
// on a real loopback port (for the assess binary).
internal sealed class AssessmentApp : WebApplicationFactory<Program>
{
    public const string AdminToken = "asm_test_admin_token";

    // settings: more configuration, as "Section:Key" = value (Kestrel endpoints, access options).
    public AssessmentApp(string? workflowDirectory = null, bool kestrel = false, IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) Settings[key] = value;
        DataDirectory = dataDirectory ?? TempGitRepo.NewTempFolder("data");
        WorkflowDirectory = workflowDirectory ?? RepoRoot.Workflows;
        if (TestDatabase.UsePostgreSQL) PostgresConnectionString = TestDatabase.CreatePostgresDatabase();
        if (kestrel) UseKestrel(0);
    }

    // The same server started again on the earlier one's data (dispose the earlier one first,
    // with KeepData set); settings and clock carry over.
    public AssessmentApp(AssessmentApp earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        DataDirectory = earlier.DataDirectory;
        WorkflowDirectory = earlier.WorkflowDirectory;
        PostgresConnectionString = earlier.PostgresConnectionString;
        Clock = earlier.Clock;
        foreach (var (key, value) in earlier.Settings) Settings[key] = value;
    }

    // Extra configuration, e.g. ["Assessment:Mail:Host"] = "127.0.0.1"; set before the first request.
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal);

    // More services or replacements (an EF Core interceptor, say); set before the first request.
    public Action<IServiceCollection>? ExtraServices { get; set; }

    // Leave the data (files and database) behind on Dispose, for a restart.
    public bool KeepData { get; set; }

    // Set when this server runs on PostgreSQL.
    public string? PostgresConnectionString { get; }
    public bool IsPostgreSQL => PostgresConnectionString is not null;

    public string DataDirectory { get; }
    public string WorkflowDirectory { get; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public string DatabasePath => Path.Combine(DataDirectory, "assessment.db");

    // Every line the server logged, at every level.
    public LogCapture Logs { get; } = new();

    // With Kestrel, the address the server listens on (after StartServer()).
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Assessment:DataDirectory", DataDirectory);
        builder.UseSetting("Assessment:WorkflowDirectory", WorkflowDirectory);
        builder.UseSetting("Assessment:BootstrapToken", AdminToken);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (PostgresConnectionString is not null)
        {
            builder.UseSetting("Assessment:Database:Provider", "PostgreSQL");
            builder.UseSetting("ConnectionStrings:Assessment", PostgresConnectionString);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            ExtraServices?.Invoke(services);
        });
    }

    public HttpClient As(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Admin => As(AdminToken);

    // Creates a user through the API and returns a client carrying its token.
    public async Task<HttpClient> UserAsync(string name, params string[] roles)
    {
        using var admin = Admin;
        var response = await admin.PostAsJsonAsync("/api/users", new { name, roles, motion = "m-test" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"creating {name}: {body}");
        return As(body.GetProperty("token").GetString()!);
    }

    public async Task RegisterRepositoryAsync(string name, string path, string productionBranch = "release")
    {
        using var admin = Admin;
        var response = await admin.PostAsJsonAsync("/api/repositories", new { name, path, productionBranch });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"registering {name}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    // A connection to this server's database, behind the application's back (tampering tests).
    public System.Data.Common.DbConnection OpenDatabaseConnection()
    {
        System.Data.Common.DbConnection connection = IsPostgreSQL
            ? new Npgsql.NpgsqlConnection(PostgresConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    // Runs SQL written for both providers (quote identifiers: "AuditEvents"); returns the rows changed.
    public int ExecuteSql(string sql)
    {
        using var connection = OpenDatabaseConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    // What an insider must run first to edit the audit log.
    public string DropAppendOnlyTriggersSql => IsPostgreSQL ? Core.Data.AppendOnly.PostgresDropSql : Core.Data.AppendOnly.DropSql;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Core.Data.SqliteConnectionPool.ClearAllPools();
        if (KeepData) return;
        if (PostgresConnectionString is not null) TestDatabase.DropPostgresDatabase(PostgresConnectionString);
        TryDelete(DataDirectory);
    }

    private static void TryDelete(string path)
    {
        try { Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
#endif
