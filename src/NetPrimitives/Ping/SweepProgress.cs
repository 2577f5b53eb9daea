namespace NetPrimitives.Ping;

/// <summary>A progress report of a running sweep.</summary>
/// <param name="Sent">Probes sent so far, retries included.</param>
/// <param name="Answered">Targets that answered (alive).</param>
/// <param name="Remaining">Targets without a final result yet.</param>
public readonly record struct SweepProgress(long Sent, long Answered, long Remaining);
