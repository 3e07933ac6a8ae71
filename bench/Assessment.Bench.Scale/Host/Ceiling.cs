using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Assessment.Bench.Scale.Host;

// The ceilings the real endpoints are compared with, on the same process and database engine:
// - insert: one durable row per request behind one SemaphoreSlim (the server's single writer);
// - insert-group: the same, but requests that wait are written together, one transaction and
//   one commit for the group (the server's group commit), each answered once it is durable;
// - read: one patch row by id through a bare data reader on the server's own database.
internal sealed class Ceiling
{
    private const int MaxGroup = 64;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Channel<(string Body, TaskCompletionSource<long> Done)> queue = Channel.CreateUnbounded<(string, TaskCompletionSource<long>)>();
    private readonly DbContextOptions<CeilingDb> options;
    private readonly bool postgres;
    private readonly string readConnection;
    private readonly Lazy<Task> created;

    public Ceiling(IConfiguration configuration)
    {
        postgres = string.Equals(configuration["Assessment:Database:Provider"], "PostgreSQL", StringComparison.OrdinalIgnoreCase);
        var data = Path.GetFullPath(configuration["Assessment:DataDirectory"] ?? "data");
        var connection = configuration.GetConnectionString("Assessment");
        options = CeilingDb.Options(postgres, Path.Combine(data, "ceiling.db"), connection);
        readConnection = postgres ? connection! : $"Data Source={Path.Combine(data, "assessment.db")};Mode=ReadOnly";
        created = new Lazy<Task>(async () =>
        {
            await using var db = new CeilingDb(options);
            await db.Database.ExecuteSqlRawAsync(CeilingDb.CreateSql(postgres));
        });
        _ = Task.Run(WriteGroupsAsync);
    }

    public async Task InsertAsync(HttpContext http)
    {
        var body = await BodyAsync(http);
        await created.Value;
        long id;
        await gate.WaitAsync(http.RequestAborted);
        try
        {
            await using var db = new CeilingDb(options);
            var row = new CeilingRow { Body = body, At = DateTimeOffset.UtcNow.UtcTicks };
            db.Rows.Add(row);
            await db.SaveChangesAsync(http.RequestAborted);
            id = row.Id;
        }
        finally
        {
            gate.Release();
        }
        await AnswerAsync(http, id);
    }

    public async Task InsertGroupedAsync(HttpContext http)
    {
        var body = await BodyAsync(http);
        await created.Value;
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await queue.Writer.WriteAsync((body, done), http.RequestAborted);
        await AnswerAsync(http, await done.Task);
    }

    public async Task ReadAsync(HttpContext http)
    {
        var id = long.Parse(http.Request.Query["id"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
        await using System.Data.Common.DbConnection connection = postgres ? new NpgsqlConnection(readConnection) : new SqliteConnection(readConnection);
        await connection.OpenAsync(http.RequestAborted);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Id", "Title", "State" FROM "Patches" WHERE "Id" = """ + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
        if (!await reader.ReadAsync(http.RequestAborted))
        {
            http.Response.StatusCode = 404;
            return;
        }
        await http.Response.WriteAsJsonAsync(new { id = reader.GetInt32(0), title = reader.GetString(1), state = reader.GetString(2) });
    }

    // What the period report reads at least: every event of the period, through a bare reader.
    public async Task EventsAsync(HttpContext http)
    {
        var from = DateTimeOffset.Parse(http.Request.Query["from"].ToString(), System.Globalization.CultureInfo.InvariantCulture).UtcTicks;
        var to = DateTimeOffset.Parse(http.Request.Query["to"].ToString(), System.Globalization.CultureInfo.InvariantCulture).UtcTicks;
        await using System.Data.Common.DbConnection connection = postgres ? new NpgsqlConnection(readConnection) : new SqliteConnection(readConnection);
        await connection.OpenAsync(http.RequestAborted);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT * FROM "AuditEvents" WHERE "At" >= {from} AND "At" < {to} ORDER BY "Sequence" """;
        await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
        long rows = 0, bytes = 0;
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync(http.RequestAborted))
        {
            reader.GetValues(values);
            rows++;
            bytes += values.Sum(v => v is string text ? text.Length : 8);
        }
        await http.Response.WriteAsJsonAsync(new { rows, bytes });
    }

    private async Task WriteGroupsAsync()
    {
        var reader = queue.Reader;
        var group = new List<(string Body, TaskCompletionSource<long> Done)>(MaxGroup);
        while (await reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && reader.TryRead(out var item)) group.Add(item);
            try
            {
                await using var db = new CeilingDb(options);
                var rows = group.Select(g => new CeilingRow { Body = g.Body, At = DateTimeOffset.UtcNow.UtcTicks }).ToList();
                db.Rows.AddRange(rows);
                await db.SaveChangesAsync();
                for (var i = 0; i < group.Count; i++) group[i].Done.SetResult(rows[i].Id);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                foreach (var g in group) g.Done.TrySetException(e);
            }
        }
    }

    private static async Task<string> BodyAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        return await reader.ReadToEndAsync(http.RequestAborted);
    }

    private static Task AnswerAsync(HttpContext http, long id)
    {
        http.Response.StatusCode = StatusCodes.Status201Created;
        return http.Response.WriteAsJsonAsync(new { id, at = DateTimeOffset.UtcNow });
    }
}
