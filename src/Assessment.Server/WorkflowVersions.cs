using Assessment.Core.Audit;
using Assessment.Core.Data;
using Assessment.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Assessment.Server;

// Each workflow document version in force is logged once, so an auditor can read which
// rules judged an event (events name the content hash).
internal static class WorkflowVersions
{
    public static async Task RecordAsync(AssessmentDb db, WorkflowCatalog catalog, IServiceProvider services, CancellationToken ct)
    {
        var gate = services.GetRequiredService<WriteGate>();
        var audit = services.GetRequiredService<AuditLog>();
        await gate.RunAsync(db, async t =>
        {
            var known = await db.AuditEvents.Where(e => e.Type == "workflow.loaded")
                .Select(e => e.WorkflowHash).ToListAsync(t);
            var roles = catalog.Roles;
            if (!known.Contains(roles.ContentHash))
            {
                await audit.AppendAsync(db, new AuditEntry("system", "workflow.loaded",
                    new { name = Path.GetFileNameWithoutExtension(roles.FilePath), file = Path.GetFileName(roles.FilePath), title = "Roles", markdown = roles.Markdown },
                    WorkflowHash: roles.ContentHash), t);
            }
            foreach (var wf in catalog.All.Where(w => !known.Contains(w.ContentHash)))
            {
                await audit.AppendAsync(db, new AuditEntry("system", "workflow.loaded",
                    new { name = wf.Name, file = Path.GetFileName(wf.FilePath), title = wf.Title, markdown = wf.Markdown },
                    WorkflowHash: wf.ContentHash), t);
            }
            return 0;
        }, ct);
    }
}
