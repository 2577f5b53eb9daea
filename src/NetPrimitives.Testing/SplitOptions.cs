namespace NetPrimitives.Testing;

/// <summary>Which delivery plans <see cref="ParserHarness.VerifySplits{T}(MessageParser{T}, ReadOnlyMemory{byte}, IEqualityComparer{T}?, SplitOptions?)"/> tries.</summary>
public sealed class SplitOptions
{
    /// <summary>Deliver the input one byte at a time. Default: <see langword="true"/>.</summary>
    public bool ByteByByte { get; set; } = true;

    /// <summary>
    /// Try every split point as two deliveries, and every split point as one delivery made of two buffer
    /// segments, for inputs up to this many bytes; longer inputs get this many split points spread evenly.
    /// Default: 4096.
    /// </summary>
    public int MaxSplitPoints { get; set; } = 4096;

    /// <summary>How many random chunkings to try. Default: 64.</summary>
    public int RandomChunkings { get; set; } = 64;

    /// <summary>The largest chunk in a random chunking, in bytes. Default: 64.</summary>
    public int MaxRandomChunkLength { get; set; } = 64;

    /// <summary>Seed of the random chunkings, so a failure can be reproduced. Default: 20260101.</summary>
    public int Seed { get; set; } = 20260101;

    /// <summary>Options for each feed.</summary>
    public FeedOptions Feed { get; set; } = new();
}
