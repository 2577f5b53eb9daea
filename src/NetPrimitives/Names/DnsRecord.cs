using System.Globalization;
using System.Net;

namespace NetPrimitives.Names;

/// <summary>
/// One resource record of a DNS response. The typed properties that apply to <see cref="Type"/> are set:
/// <see cref="Address"/> (A, AAAA), <see cref="Target"/> (CNAME, PTR, NS, MX exchange, SRV target),
/// <see cref="Preference"/> (MX), <see cref="Priority"/>, <see cref="Weight"/>, <see cref="Port"/> (SRV),
/// <see cref="Text"/> (TXT); other types keep only <see cref="Data"/>.
/// </summary>
public sealed class DnsRecord
{
    internal DnsRecord(string name, DnsRecordType type, ushort recordClass, TimeSpan timeToLive, ReadOnlyMemory<byte> data)
    {
        Name = name;
        Type = type;
        Class = recordClass;
        TimeToLive = timeToLive;
        Data = data;
    }

    /// <summary>The owner name, without the trailing root dot.</summary>
    public string Name { get; }

    /// <summary>The record type (may be a value not named in <see cref="DnsRecordType"/>).</summary>
    public DnsRecordType Type { get; }

    /// <summary>The class; 1 (IN) for Internet records.</summary>
    public ushort Class { get; }

    // Only class IN records name Internet hosts: an A record of class CH or HS is not an IPv4 address.
    internal bool IsInternet => Class == 1;

    /// <summary>The time to live the server reported (RFC 2181 §8: values with the top bit set read as 0); reduced by the time spent in the cache.</summary>
    public TimeSpan TimeToLive { get; internal init; }

    /// <summary>The raw RDATA bytes (compressed names inside are not expanded).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The address of an A or AAAA record.</summary>
    public IPAddress? Address { get; internal init; }

    /// <summary>The name a CNAME, PTR or NS record points to, an MX record's exchange or an SRV record's target.</summary>
    public string? Target { get; internal init; }

    /// <summary>An MX record's preference (lower is preferred).</summary>
    public ushort Preference { get; internal init; }

    /// <summary>An SRV record's priority (lower is preferred).</summary>
    public ushort Priority { get; internal init; }

    /// <summary>An SRV record's weight among equal priorities.</summary>
    public ushort Weight { get; internal init; }

    /// <summary>An SRV record's port.</summary>
    public ushort Port { get; internal init; }

    /// <summary>A TXT record's character strings (decoded as UTF-8).</summary>
    public IReadOnlyList<string>? Text { get; internal init; }

    /// <summary>Returns the record in zone-file presentation form.</summary>
    /// <returns>For example <c>example.com 300 IN MX 10 mail.example.com</c>.</returns>
    public override string ToString()
    {
        var data = Type switch
        {
            DnsRecordType.A or DnsRecordType.AAAA => Address?.ToString(),
            DnsRecordType.CNAME or DnsRecordType.PTR or DnsRecordType.NS => Target,
            DnsRecordType.MX => $"{Preference} {Target}",
            DnsRecordType.SRV => $"{Priority} {Weight} {Port} {Target}",
            DnsRecordType.TXT => string.Join(' ', Text!.Select(t => $"\"{t}\"")),
            _ => $"\\# {Data.Length} {Convert.ToHexString(Data.Span)}",
        };
        var type = Enum.IsDefined(Type) ? Type.ToString() : "TYPE" + ((ushort)Type).ToString(CultureInfo.InvariantCulture);
        return $"{Name} {(long)TimeToLive.TotalSeconds} {(Class == 1 ? "IN" : "CLASS" + Class)} {type} {data}";
    }

    internal DnsRecord WithAddress(IPAddress address) => Copy(TimeToLive, address: address);

    internal DnsRecord WithTarget(string target) => Copy(TimeToLive, target: target);

    internal DnsRecord WithMx(ushort preference, string exchange) => Copy(TimeToLive, target: exchange, preference: preference);

    internal DnsRecord WithSrv(ushort priority, ushort weight, ushort port, string target) =>
        Copy(TimeToLive, target: target, priority: priority, weight: weight, port: port);

    internal DnsRecord WithText(IReadOnlyList<string> text) => Copy(TimeToLive, text: text);

    internal DnsRecord WithTimeToLive(TimeSpan ttl) => Copy(ttl);

    private DnsRecord Copy(TimeSpan ttl, IPAddress? address = null, string? target = null, ushort? preference = null, ushort? priority = null, ushort? weight = null, ushort? port = null, IReadOnlyList<string>? text = null) =>
        new(Name, Type, Class, ttl, Data)
        {
            Address = address ?? Address,
            Target = target ?? Target,
            Preference = preference ?? Preference,
            Priority = priority ?? Priority,
            Weight = weight ?? Weight,
            Port = port ?? Port,
            Text = text ?? Text,
        };
}
