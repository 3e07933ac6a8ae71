using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Core.Data;

// Something that follows from an audit event and must be recorded with it: a mail for the
// system log, a commit status for GitHub. It runs while the event is being saved, inside the
// action's transaction, so the event and what follows from it commit together or not at all.
internal interface IAuditReaction
{
    Task ReactAsync(AssessmentDb db, AuditEvent e, CancellationToken ct);
}

// Calls the reactions for every audit event a SaveChanges is about to insert.
// Resolved on first use: a context can be made (migrations, design time) before what the
// reactions need (the workflow documents) is loaded.
internal sealed class AuditReactions(IServiceProvider services) : SaveChangesInterceptor
{
    private IAuditReaction[] All => field ??= [.. services.GetServices<IAuditReaction>()];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (All.Length > 0 && eventData.Context is AssessmentDb db)
        {
            var appended = db.ChangeTracker.Entries<AuditEvent>()
                .Where(e => e.State == EntityState.Added)
                .Select(e => e.Entity)
                .OrderBy(e => e.Sequence)
                .ToList();
            foreach (var e in appended)
            {
                foreach (var reaction in All) await reaction.ReactAsync(db, e, cancellationToken);
            }
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        eventData.Context is AssessmentDb db && All.Length > 0 && db.ChangeTracker.Entries<AuditEvent>().Any(e => e.State == EntityState.Added)
            ? throw new InvalidOperationException("audit events are saved asynchronously, so that their reactions run in the same transaction")
            : result;
}
