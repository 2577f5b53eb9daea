namespace NetPrimitives.Names;

/// <summary>A decoded DNS response (RFC 1035 §4.1) to one question.</summary>
public sealed class DnsResponse
{
    internal DnsResponse(ushort id, ushort flags, string questionName, DnsRecordType questionType, IReadOnlyList<DnsRecord> answers, IReadOnlyList<DnsRecord> authorities, IReadOnlyList<DnsRecord> additionals)
    {
        Id = id;
        Flags = flags;
        QuestionName = questionName;
        QuestionType = questionType;
        Answers = answers;
        Authorities = authorities;
        Additionals = additionals;
    }

    /// <summary>The message id (matches the query's).</summary>
    public ushort Id { get; }

    /// <summary>The name asked about (from the response's question section).</summary>
    public string QuestionName { get; }

    /// <summary>The type asked about.</summary>
    public DnsRecordType QuestionType { get; }

    /// <summary>The response code.</summary>
    public DnsResponseCode ResponseCode => (DnsResponseCode)(Flags & 0x000F);

    /// <summary>True when the server is authoritative for the name (AA).</summary>
    public bool IsAuthoritative => (Flags & 0x0400) != 0;

    /// <summary>True when the message was truncated (TC); the stub client then retries over TCP.</summary>
    public bool IsTruncated => (Flags & 0x0200) != 0;

    /// <summary>True when the server offers recursion (RA).</summary>
    public bool RecursionAvailable => (Flags & 0x0080) != 0;

    /// <summary>The answer section.</summary>
    public IReadOnlyList<DnsRecord> Answers { get; }

    /// <summary>The authority section.</summary>
    public IReadOnlyList<DnsRecord> Authorities { get; }

    /// <summary>The additional section.</summary>
    public IReadOnlyList<DnsRecord> Additionals { get; }

    /// <summary>True when the answer came over TCP (after a truncated UDP answer).</summary>
    public bool ViaTcp { get; internal init; }

    /// <summary>True when the answer came from the stub client's cache.</summary>
    public bool FromCache { get; internal init; }

    internal ushort Flags { get; }

    /// <summary>The question's class; our queries ask IN (1), and an answer must echo it.</summary>
    internal ushort QuestionClass { get; init; } = 1;

    internal DnsResponse With(IReadOnlyList<DnsRecord> answers, bool viaTcp, bool fromCache) =>
        new(Id, Flags, QuestionName, QuestionType, answers, Authorities, Additionals) { ViaTcp = viaTcp, FromCache = fromCache, QuestionClass = QuestionClass };
}
