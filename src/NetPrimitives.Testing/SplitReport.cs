namespace NetPrimitives.Testing;

/// <summary>The outcome of <see cref="ParserHarness.VerifySplits{T}(MessageParser{T}, ReadOnlyMemory{byte}, IEqualityComparer{T}?, SplitOptions?)"/>.</summary>
/// <typeparam name="T">The message type.</typeparam>
public sealed class SplitReport<T>
{
    internal SplitReport(FeedResult<T> whole, FeedResult<T>? mismatch, string? difference, int plansTried)
    {
        Whole = whole;
        FirstMismatch = mismatch;
        Difference = difference;
        PlansTried = plansTried;
    }

    /// <summary>The result of parsing the input delivered whole: the reference every other plan is compared with.</summary>
    public FeedResult<T> Whole { get; }

    /// <summary>The first plan whose result differs from <see cref="Whole"/>, or <see langword="null"/>.</summary>
    public FeedResult<T>? FirstMismatch { get; }

    /// <summary>What differs, in words, or <see langword="null"/> when every plan agreed.</summary>
    public string? Difference { get; }

    /// <summary>How many delivery plans were tried besides the whole input.</summary>
    public int PlansTried { get; }

    /// <summary><see langword="true"/> when every plan gave the same result as the whole input.</summary>
    public bool IsConsistent => FirstMismatch is null;

    /// <summary>Throws <see cref="ParserMismatchException"/> when a plan disagreed. Works with every test framework.</summary>
    /// <exception cref="ParserMismatchException">A plan gave a different result.</exception>
    public void ThrowIfInconsistent()
    {
        if (FirstMismatch is not null)
        {
            throw new ParserMismatchException(ToString(), FirstMismatch.Exception);
        }
    }

    /// <inheritdoc />
    public override string ToString() => FirstMismatch is null
        ? $"Consistent over {PlansTried} delivery plan(s): {Whole}"
        : $"Parser result depends on how the input is split. Deliveries {FirstMismatch.Plan}: {Difference}. "
          + $"Whole input: {Whole}. This plan: {FirstMismatch}.";
}
