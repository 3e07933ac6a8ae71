using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Assessment.Core.Data;

// Writes one group of the WriteGate in one transaction on the first member's connection. The
// other members' contexts borrow that connection and transaction for the group, so each
// action's own code, entities and SaveChanges stay as they are.
internal static class WriteGroup
{
    public static async Task RunAsync(IReadOnlyList<GateMember> group, AsyncLocal<GateMember?> running)
    {
        var host = group[0].Db;
        var errors = new Exception?[group.Count];
        var borrowed = new List<(AssessmentDb Db, string? ConnectionString)>();
        var head = new ChainHead();
        try
        {
            await using var tx = await host.Database.BeginTransactionAsync(CancellationToken.None);
            await host.LockForWritingAsync(CancellationToken.None);
            var transaction = tx.GetDbTransaction();
            for (var i = 0; i < group.Count; i++)
            {
                var member = group[i];
                if (!ReferenceEquals(member.Db, host) && !borrowed.Exists(b => ReferenceEquals(b.Db, member.Db)))
                {
                    borrowed.Add((member.Db, member.Db.Database.GetConnectionString()));
                    member.Db.Database.SetDbConnection(transaction.Connection, contextOwnsConnection: false);
                    await member.Db.Database.UseTransactionAsync(transaction, CancellationToken.None);
                }
                member.Db.GroupHead = head;
                errors[i] = await RunMemberAsync(member, transaction, $"action{i}", running);
            }
            await tx.CommitAsync(CancellationToken.None); // the group's one fsync
        }
        catch (Exception e)
        {
            // Nothing of the group is durable: every member fails, none changed anything.
            var failure = StorageFailure.Translate(e);
            foreach (var member in group) member.Db.ChangeTracker.Clear();
            for (var i = 0; i < group.Count; i++) errors[i] ??= failure;
        }
        finally
        {
            foreach (var member in group) member.Db.GroupHead = null;
            foreach (var (db, connectionString) in borrowed)
            {
                await db.Database.UseTransactionAsync(null, CancellationToken.None);
                db.Database.SetDbConnection(null, contextOwnsConnection: false);
                db.Database.SetConnectionString(connectionString);
            }
        }
        for (var i = 0; i < group.Count; i++)
        {
            if (errors[i] is { } error) group[i].Fail(error);
            else group[i].Succeed();
        }
    }

    private static async Task<Exception?> RunMemberAsync(GateMember member, DbTransaction transaction, string savepoint, AsyncLocal<GateMember?> running)
    {
        await transaction.SaveAsync(savepoint, CancellationToken.None);
        var head = member.Db.GroupHead!.Value;
        running.Value = member;
        try
        {
            await member.ExecuteAsync();
            await member.Db.SaveChangesAsync(member.Cancellation);
            await transaction.ReleaseAsync(savepoint, CancellationToken.None);
            return null;
        }
        catch (Exception e)
        {
            // The action's writes are undone, the group's transaction goes on without them.
            await transaction.RollbackAsync(savepoint, CancellationToken.None);
            member.Db.ChangeTracker.Clear();
            member.Db.GroupHead!.Value = head;
            return e is DbUpdateConcurrencyException
                ? Refusal.Conflict("the patch was changed by another action at the same time; reload it and try again")
                : StorageFailure.Translate(e);
        }
        finally
        {
            running.Value = null;
        }
    }
}
