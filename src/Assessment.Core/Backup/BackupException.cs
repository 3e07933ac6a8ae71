namespace Assessment.Core.Backup;

// A backup or restore that could not be done, with the reason for the operator.
internal sealed class BackupException(string message) : IOException(message);
