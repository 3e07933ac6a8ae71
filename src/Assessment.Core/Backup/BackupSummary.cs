namespace Assessment.Core.Backup;

// What a backup file holds, as verified: its audit log's length and head.
internal sealed record BackupSummary(string Path, long Bytes, long Events, string HeadHash, int Patches);

// What a restore did: the verified backup now in place, and where the database it replaced was kept.
internal sealed record RestoreSummary(BackupSummary Backup, string DatabasePath, string? KeptAside);
