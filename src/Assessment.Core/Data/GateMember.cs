namespace Assessment.Core.Data;

// One action waiting in the WriteGate: its context, its work, and the caller's answer, given
// only after its group committed.
internal abstract class GateMember(AssessmentDb db, CancellationToken ct)
{
    public AssessmentDb Db => db;
    public CancellationToken Cancellation => ct;

    public abstract Task ExecuteAsync();

    public abstract void Succeed();

    public abstract void Fail(Exception error);
}

internal sealed class GateMember<T>(AssessmentDb db, Func<CancellationToken, Task<T>> work, CancellationToken ct) : GateMember(db, ct)
{
    private readonly TaskCompletionSource<T> answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? result;

    public Task<T> Task => answer.Task;

    public override async Task ExecuteAsync() => result = await work(Cancellation);

    public override void Succeed() => answer.TrySetResult(result!);

    public override void Fail(Exception error) => answer.TrySetException(error);
}
