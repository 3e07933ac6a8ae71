using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Data;

// Every state change runs through here: one writer at a time, one transaction per action, the
// state change and its audit event committed together or not at all. Serialising writers is
// what makes the second of two simultaneous actions see the first one's result.
internal sealed class WriteGate
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<T> RunAsync<T>(AssessmentDb db, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await db.LockForWritingAsync(ct);
                var result = await work(ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return result;
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                throw Problem.Conflict("the patch was changed by another action at the same time; reload it and try again");
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        }
        finally
        {
            gate.Release();
        }
    }
}
