namespace Assessment.Core.Backup;

// One server per SQLite file, and no restore under a running server: while it runs, the server
// holds an exclusive advisory lock (flock) on "assessment.db.lock" beside the database. The
// kernel drops it when the process ends, however it ends (kill -9 included). The file is opened
// for reading only, so holding it never keeps the file system from being remounted read-only.
internal sealed class DatabaseFileLock : IDisposable
{
    private FileStream? held;

    public static string PathFor(string databasePath) => databasePath + ".lock";

    // Waiting up to wait for a holder that is on its way out: a server that is stopping keeps
    // the lock until its last connection has closed, which checkpoints the WAL.
    public bool TryAcquire(string databasePath, TimeSpan wait = default)
    {
        if (held is not null) return true;
        var path = PathFor(databasePath);
        var until = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                if (!File.Exists(path)) File.WriteAllBytes(path, []);
                // FileShare.None is an exclusive flock on Unix (LOCK_EX | LOCK_NB).
                held = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
                return true;
            }
            catch (IOException)
            {
                if (DateTime.UtcNow >= until) return false;
                Thread.Sleep(50);
            }
        }
    }

    public void Dispose()
    {
        held?.Dispose();
        held = null;
    }
}
