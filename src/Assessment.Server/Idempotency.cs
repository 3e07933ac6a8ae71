using System.Globalization;
using System.Security.Cryptography;
using Assessment.Core;
using Assessment.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server;

// Idempotency-Key on any POST under /api: the first request with a key runs, and its answer is
// kept in the same transaction as what it recorded, so a retry (a lost answer, a crash, a
// client's timeout) gets that answer again and records nothing. The whole request runs as one
// action in the write gate: two requests with one key cannot both run.
internal static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";
    public static readonly TimeSpan Kept = TimeSpan.FromHours(24);
    private static long lastPurge;

    public static void UseIdempotency(this WebApplication app) =>
        app.UseWhen(http => HttpMethods.IsPost(http.Request.Method) && http.Request.Headers.ContainsKey(Header)
            && http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal), branch => branch.Use(RunAsync));

    private static async Task RunAsync(HttpContext http, RequestDelegate next)
    {
        // No signed-in caller (a route that does not exist, or one open to all): nothing to key.
        if (http.SignedIn()?.Name is not { } caller)
        {
            await next(http);
            return;
        }
        var key = CheckKey(http.Request.Headers[Header].ToString());
        var hash = await RequestHashAsync(http.Request, http.RequestAborted);
        var db = http.RequestServices.GetRequiredService<AssessmentDb>();
        var gate = http.RequestServices.GetRequiredService<WriteGate>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        IdempotencyRecord? replay;
        try
        {
            replay = await gate.RunAsync(db, async ct =>
            {
                await PurgeAsync(db, now, ct);
                var existing = await db.IdempotencyRecords.FirstOrDefaultAsync(r => r.Caller == caller && r.Key == key, ct);
                if (existing is not null && existing.CreatedAt > now - Kept)
                {
                    return existing.RequestHash == hash ? existing : throw Refusal.Invalid(
                        $"Idempotency-Key: '{key}' was used at {existing.CreatedAt.ToString("u", CultureInfo.InvariantCulture)} for another request (method, path or body differ); use a new key");
                }
                if (existing is not null) db.IdempotencyRecords.Remove(existing);
                http.Response.Body = buffer;
                await next(http);
                http.Response.Body = original;
                // Only an answer that recorded something is kept; a refusal changed nothing and may be retried.
                if (http.Response.StatusCode is >= 200 and < 300)
                {
                    db.IdempotencyRecords.Add(new IdempotencyRecord
                    {
                        Caller = caller, Key = key, RequestHash = hash, Status = http.Response.StatusCode,
                        ContentType = http.Response.ContentType, Location = http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
                        Body = buffer.ToArray(), CreatedAt = now,
                    });
                }
                return null;
            }, http.RequestAborted);
        }
        finally
        {
            http.Response.Body = original;
        }
        if (replay is null)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, http.RequestAborted);
            return;
        }
        http.Response.StatusCode = replay.Status;
        if (replay.ContentType is not null) http.Response.ContentType = replay.ContentType;
        if (replay.Location is not null) http.Response.Headers.Location = replay.Location;
        http.Response.Headers[ReplayedHeader] = "true";
        await original.WriteAsync(replay.Body, http.RequestAborted);
    }

    private static string CheckKey(string key)
    {
        if (key.Length is 0 or > 255 || key.Any(c => c is < '!' or > '~'))
        {
            throw Refusal.Malformed($"{Header}: 1 to 255 visible ASCII characters (a UUID will do)");
        }
        return key;
    }

    // What makes two requests the same: method, path and query, and the body's bytes.
    private static async Task<string> RequestHashAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[16_384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0) sha.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    // Answers older than a day go, at most once an hour, inside a write that is happening anyway.
    private static async Task PurgeAsync(AssessmentDb db, DateTimeOffset now, CancellationToken ct)
    {
        var last = Interlocked.Read(ref lastPurge);
        if (now.UtcTicks - last < TimeSpan.TicksPerHour || Interlocked.CompareExchange(ref lastPurge, now.UtcTicks, last) != last) return;
        var cutoff = now - Kept;
        await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
