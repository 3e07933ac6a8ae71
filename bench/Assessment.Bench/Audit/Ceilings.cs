using System.Security.Cryptography;
using Assessment.Core.Audit;
using Microsoft.Data.Sqlite;

namespace Assessment.Bench.Audit;

// What reading and hashing the log costs with nothing in between: a bare Microsoft.Data.Sqlite
// reader (no EF Core, no pragmas interceptor) and SHA-256 over the canonical bytes.
internal static class Ceilings
{
    public static long ReadOnly(string path, string select)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = select;
        using var r = command.ExecuteReader();
        long rows = 0, chars = 0;
        while (r.Read())
        {
            chars += (r.GetInt64(0) & 1) + (r.GetInt64(1) & 1) + r.GetString(2).Length + r.GetString(3).Length + (r.IsDBNull(4) ? 0 : r.GetInt32(4) & 1)
                + (r.IsDBNull(5) ? 0 : r.GetString(5).Length) + (r.IsDBNull(6) ? 0 : r.GetString(6).Length)
                + r.GetString(7).Length + r.GetString(8).Length + r.GetString(9).Length;
            rows++;
        }
        return chars > 0 ? rows : -1;
    }

    // Reads every row, writes the bytes AuditChain.ComputeHash hashes and hashes them.
    public static long ReadAndHash(string path, string select, List<byte[]>? keep = null)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = select;
        using var r = command.ExecuteReader();
        using var encoder = new CanonicalEvent();
        Span<byte> digest = stackalloc byte[32];
        long rows = 0;
        while (r.Read())
        {
            // The stored hash is read too: a verifier cannot do without it.
            if (r.GetString(9).Length != 64) return -1;
            var bytes = encoder.Encode(AuditSql.Read(r));
            SHA256.HashData(bytes, digest);
            keep?.Add(bytes.ToArray());
            rows++;
        }
        return rows;
    }

    public static long HashOnly(List<byte[]> canonical)
    {
        Span<byte> digest = stackalloc byte[32];
        foreach (var bytes in canonical) SHA256.HashData(bytes, digest);
        return canonical.Count;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        return connection;
    }
}
