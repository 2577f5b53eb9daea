using System.Buffers.Binary;
using System.Net;
using NetPrimitives.Names;

namespace NetPrimitives.Tests.Names;

/// <summary>Builds DNS responses byte by byte for tests (independent of the code under test).</summary>
internal sealed class DnsTestMessage
{
    private readonly List<byte> _bytes = [];
    private int _answers;

    public DnsTestMessage(ushort id, string question, DnsRecordType type, ushort flags = 0x8180)
    {
        U16(id).U16(flags).U16(1).U16(0).U16(0).U16(0);
        Name(question).U16((ushort)type).U16(1);
    }

    /// <summary>Offset of the question name (always 12): the usual compression target.</summary>
    public const int QuestionOffset = 12;

    public int Length => _bytes.Count;

    public DnsTestMessage U16(ushort value)
    {
        _bytes.Add((byte)(value >> 8));
        _bytes.Add((byte)value);
        return this;
    }

    public DnsTestMessage U32(uint value) => U16((ushort)(value >> 16)).U16((ushort)value);

    public DnsTestMessage Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public DnsTestMessage Name(string name)
    {
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            _bytes.Add((byte)label.Length);
            _bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        _bytes.Add(0);
        return this;
    }

    public DnsTestMessage Pointer(int offset) => U16((ushort)(0xC000 | offset));

    /// <summary>Adds an answer; <paramref name="owner"/> writes the owner name, <paramref name="rdata"/> the data (its length is filled in).</summary>
    public DnsTestMessage Answer(Action<DnsTestMessage> owner, DnsRecordType type, uint ttl, Action<DnsTestMessage> rdata, ushort recordClass = 1)
    {
        owner(this);
        U16((ushort)type).U16(recordClass).U32(ttl);
        var lengthAt = _bytes.Count;
        U16(0);
        var start = _bytes.Count;
        rdata(this);
        var length = _bytes.Count - start;
        _bytes[lengthAt] = (byte)(length >> 8);
        _bytes[lengthAt + 1] = (byte)length;
        _answers++;
        return SetCount(6, _answers);
    }

    public DnsTestMessage A(string address, uint ttl = 300) =>
        Answer(m => m.Pointer(QuestionOffset), DnsRecordType.A, ttl, m => m.Raw(IPAddress.Parse(address).GetAddressBytes()));

    public DnsTestMessage SetCount(int headerOffset, int value)
    {
        _bytes[headerOffset] = (byte)(value >> 8);
        _bytes[headerOffset + 1] = (byte)value;
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    public static ushort IdOf(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message);
}
