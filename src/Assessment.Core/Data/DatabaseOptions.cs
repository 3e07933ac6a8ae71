namespace Assessment.Core.Data;

// "Assessment:Database" in the configuration; the PostgreSQL address is the standard
// ConnectionStrings:Assessment.
internal sealed class DatabaseOptions
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSQL = "PostgreSQL";

    public string Provider { get; set; } = Sqlite;

    // From ConnectionStrings:Assessment; used by PostgreSQL (SQLite keeps its file in the data directory).
    public string? ConnectionString { get; set; }

    public bool IsPostgreSQL => string.Equals(Provider, PostgreSQL, StringComparison.OrdinalIgnoreCase);

    // Refuses a provider name it does not know, rather than falling back to SQLite silently.
    public void Validate()
    {
        if (!IsPostgreSQL && !string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Assessment:Database:Provider: '{Provider}' is not '{Sqlite}' or '{PostgreSQL}'");
        }
        if (IsPostgreSQL && string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Assessment: required with Assessment:Database:Provider=PostgreSQL (e.g. Host=db;Database=assessment;Username=assessment)");
        }
    }
}
