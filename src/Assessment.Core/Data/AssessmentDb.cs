using Microsoft.EntityFrameworkCore;

namespace Assessment.Core.Data;

// The model, shared by both providers. Each provider has its own subclass (Providers/) that
// owns its migrations, since the SQL they generate differs; code uses AssessmentDb only.
internal abstract class AssessmentDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<GitRepository> Repositories => Set<GitRepository>();
    public DbSet<Patch> Patches => Set<Patch>();
    public DbSet<PatchRevision> Revisions => Set<PatchRevision>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<TestRecord> Tests => Set<TestRecord>();
    public DbSet<Deployment> Deployments => Set<Deployment>();
    public DbSet<Blessing> Blessings => Set<Blessing>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<PatchComment> Comments => Set<PatchComment>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<ApiToken> Tokens => Set<ApiToken>();
    public DbSet<PageSession> Sessions => Set<PageSession>();
    public DbSet<ClientCertificate> Certificates => Set<ClientCertificate>();
    public DbSet<IssuedHandover> Handovers => Set<IssuedHandover>();
    public DbSet<ServerKey> ServerKeys => Set<ServerKey>();
    public DbSet<UserKey> UserKeys => Set<UserKey>();
    public DbSet<RecordTotal> RecordTotals => Set<RecordTotal>();

    // Called by the WriteGate at the start of every write transaction, before anything is read:
    // where several server processes share one database, this is what keeps them in one line.
    public virtual Task LockForWritingAsync(CancellationToken ct) => Task.CompletedTask;

    // Where the audit chain stands, known to the WriteGate's group while this context writes in it.
    internal ChainHead? GroupHead { get; set; }
    public DbSet<OutboxMail> OutboxMails => Set<OutboxMail>();
    public DbSet<GitHubPatch> GitHubPatches => Set<GitHubPatch>();
    public DbSet<GitHubStatus> GitHubStatuses => Set<GitHubStatus>();
    public DbSet<GitHubDelivery> GitHubDeliveries => Set<GitHubDelivery>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(e =>
        {
            e.HasIndex(u => u.Name).IsUnique();
            e.Ignore(u => u.Roles);
            e.HasMany(u => u.Tokens).WithOne(t => t.User).HasForeignKey(t => t.UserId);
        });
        modelBuilder.Entity<ApiToken>(e => e.HasIndex(t => t.Hash).IsUnique());
        modelBuilder.Entity<PageSession>(e => e.HasIndex(s => s.Hash).IsUnique());
        modelBuilder.Entity<ClientCertificate>(e => e.HasIndex(c => c.Fingerprint).IsUnique());
        modelBuilder.Entity<GitRepository>(e =>
        {
            e.ToTable("Repositories");
            e.HasIndex(r => r.Name).IsUnique();
        });
        modelBuilder.Entity<Patch>(e =>
        {
            e.HasIndex(p => p.State);
            e.HasIndex(p => p.Follows);
            e.Property(p => p.Version).IsConcurrencyToken();
            e.HasMany(p => p.Revisions).WithOne().HasForeignKey(r => r.PatchId);
            e.HasMany(p => p.Reviews).WithOne().HasForeignKey(r => r.PatchId);
            e.HasMany(p => p.Tests).WithOne().HasForeignKey(r => r.PatchId);
            e.HasMany(p => p.Deployments).WithOne().HasForeignKey(r => r.PatchId);
            e.HasOne(p => p.Blessing).WithOne().HasForeignKey<Blessing>(b => b.PatchId);
        });
        // An action reads a patch's current revision and the actor's own records (PatchStore.LoadForActionAsync);
        // a page of a patch's history reads the next records by id (PatchHistory).
        modelBuilder.Entity<Review>(e =>
        {
            e.HasIndex(r => new { r.PatchId, r.Revision, r.By, r.Verdict });
            e.HasIndex(r => new { r.PatchId, r.By });
            e.HasIndex(r => new { r.PatchId, r.Id });
        });
        modelBuilder.Entity<TestRecord>(e =>
        {
            e.HasIndex(t => new { t.PatchId, t.Revision, t.By, t.Result });
            e.HasIndex(t => new { t.PatchId, t.By });
            e.HasIndex(t => new { t.PatchId, t.Id });
        });
        modelBuilder.Entity<Deployment>(e =>
        {
            e.HasIndex(d => new { d.EnvironmentKind, d.At });
            e.HasIndex(d => new { d.PatchId, d.Revision });
            e.HasIndex(d => new { d.PatchId, d.By });
            e.HasIndex(d => new { d.PatchId, d.Id });
        });
        // Kept by triggers (RecordTotalsSql); the key is what a trigger adds to, and its first
        // three columns are what an action reads (a patch's totals of one kind since a revision).
        modelBuilder.Entity<RecordTotal>(e =>
            e.HasKey(t => new { t.PatchId, t.Kind, t.Revision, t.By, t.Outcome, t.Commit, t.Scope }));
        modelBuilder.Entity<IssuedHandover>(e =>
        {
            e.ToTable("Handovers");
            e.HasIndex(h => h.BlessingEvent).IsUnique();
            e.HasIndex(h => h.PatchId);
        });
        modelBuilder.Entity<ServerKey>(e => e.HasIndex(k => k.KeyId).IsUnique());
        modelBuilder.Entity<UserKey>(e =>
        {
            e.HasIndex(k => k.KeyId).IsUnique();
            e.HasIndex(k => k.UserId);
            e.HasOne<User>().WithMany().HasForeignKey(k => k.UserId);
        });
        modelBuilder.Entity<PatchComment>(e =>
        {
            e.ToTable("Comments");
            e.HasIndex(c => new { c.PatchId, c.Id });
            e.HasOne<Patch>().WithMany().HasForeignKey(c => c.PatchId);
        });
        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.HasIndex(r => new { r.Caller, r.Key }).IsUnique();
            e.HasIndex(r => r.CreatedAt);
        });
        modelBuilder.Entity<OutboxMail>(e => e.HasIndex(m => new { m.SentAt, m.NextAttemptAt }));
        modelBuilder.Entity<GitHubPatch>(e =>
        {
            e.HasKey(g => g.PatchId);
            e.HasOne<Patch>().WithOne(p => p.GitHub).HasForeignKey<GitHubPatch>(g => g.PatchId);
        });
        modelBuilder.Entity<GitHubStatus>(e =>
        {
            e.HasIndex(s => new { s.SentAt, s.AbandonedAt, s.Id });
            e.HasIndex(s => s.PatchId);
        });
        modelBuilder.Entity<GitHubDelivery>(e => e.HasIndex(d => d.DeliveryId).IsUnique());
        modelBuilder.Entity<AuditEvent>(e =>
        {
            // The table refuses UPDATE and DELETE (migration AppendOnlyAuditLog); EF must know
            // there are triggers so it does not rely on RETURNING.
            e.ToTable(t =>
            {
                t.HasTrigger(AppendOnly.UpdateTrigger);
                t.HasTrigger(AppendOnly.DeleteTrigger);
            });
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedNever();
            // Rows older than the column were written in format 1.
            e.Property(a => a.Format).HasDefaultValue(1).ValueGeneratedNever();
            e.HasIndex(a => a.PatchId);
            e.HasIndex(a => a.At);
        });
    }
}
