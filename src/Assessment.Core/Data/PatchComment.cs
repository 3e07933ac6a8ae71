namespace Assessment.Core.Data;

// A remark in a patch's discussion: on the patch, or on one line of a file of its diff, or an
// answer to another comment. It stays with the revision (and head) it was made on.
internal sealed class PatchComment
{
    public int Id { get; set; }
    public int PatchId { get; set; }
    public required string By { get; set; }
    public required string Body { get; set; }
    public string? Path { get; set; }
    public int? Line { get; set; }
    public int? InReplyTo { get; set; }
    public int Revision { get; set; }
    public required string Commit { get; set; }
    public DateTimeOffset At { get; set; }
}
