using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace NetPrimitives.Names;

/// <summary>
/// Decodes DNS responses (RFC 1035 §4.1). Pure and defensive: every length is checked against the message
/// before it is used, and every problem is a <see cref="DnsFormatException"/> with the offset, never another exception.
/// </summary>
internal static class DnsMessageReader
{
    public const int HeaderLength = 12;
    private const int MinRecordLength = 11; // root name (1) + type, class, ttl, rdlength (10)
    private const int MinQuestionLength = 5;

    /// <summary>Reads the id and flags, for matching a datagram to a query before decoding it.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> message, out ushort id, out ushort flags)
    {
        if (message.Length < HeaderLength)
        {
            id = flags = 0;
            return false;
        }

        id = BinaryPrimitives.ReadUInt16BigEndian(message);
        flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        return true;
    }

    /// <summary>Decodes a whole response. <paramref name="query"/> only labels errors.</summary>
    public static DnsResponse Read(ReadOnlySpan<byte> message, string query = "")
    {
        if (!TryReadHeader(message, out var id, out var flags))
        {
            throw new DnsFormatException(query, message.Length, $"message of {message.Length} bytes is shorter than the 12-byte header");
        }

        if ((flags & 0x8000) == 0)
        {
            throw new DnsFormatException(query, 2, "QR bit clear: the message is a query, not a response");
        }

        int questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        int answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        int authorities = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        int additionals = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        if (questions != 1)
        {
            throw new DnsFormatException(query, 4, $"{questions} questions; a response to our query has exactly 1");
        }

        // Counts are attacker-controlled: refuse ones the remaining bytes cannot hold before allocating anything.
        var room = message.Length - HeaderLength - MinQuestionLength;
        if ((long)(answers + authorities + additionals) * MinRecordLength > room)
        {
            throw new DnsFormatException(query, 6, $"record counts {answers}/{authorities}/{additionals} exceed what {message.Length} bytes can hold");
        }

        var offset = HeaderLength;
        var questionName = DnsNameReader.Read(message, ref offset, query);
        if (offset + 4 > message.Length)
        {
            throw new DnsFormatException(query, offset, "question cut short");
        }

        var questionType = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
        var questionClass = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
        offset += 4;
        var truncated = (flags & 0x0200) != 0;

        // A truncated message (TC, RFC 1035 §4.1.1) may end mid-record: keep the records that are whole.
        var answerList = ReadSection(message, ref offset, answers, query, truncated);
        var authorityList = ReadSection(message, ref offset, authorities, query, truncated);
        var additionalList = ReadSection(message, ref offset, additionals, query, truncated);
        return new DnsResponse(id, flags, questionName, questionType, answerList, authorityList, additionalList) { QuestionClass = questionClass };
    }

    private static List<DnsRecord> ReadSection(ReadOnlySpan<byte> message, ref int offset, int count, string query, bool truncated)
    {
        var records = new List<DnsRecord>(count);
        for (var i = 0; i < count; i++)
        {
            if (truncated && offset >= message.Length)
            {
                break;
            }

            try
            {
                records.Add(ReadRecord(message, ref offset, query));
            }
            catch (DnsFormatException) when (truncated)
            {
                offset = message.Length;
                break;
            }
        }

        return records;
    }

    private static DnsRecord ReadRecord(ReadOnlySpan<byte> message, ref int offset, string query)
    {
        var name = DnsNameReader.Read(message, ref offset, query);
        if (offset + 10 > message.Length)
        {
            throw new DnsFormatException(query, offset, "record header cut short");
        }

        var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
        var recordClass = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
        var rawTtl = BinaryPrimitives.ReadUInt32BigEndian(message[(offset + 4)..]);
        var ttl = TimeSpan.FromSeconds(rawTtl > int.MaxValue ? 0 : rawTtl); // RFC 2181 §8
        int dataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
        var dataStart = offset + 10;
        if (dataStart + dataLength > message.Length)
        {
            throw new DnsFormatException(query, offset + 8, $"RDATA of {dataLength} bytes runs past the end of the message");
        }

        offset = dataStart + dataLength;
        var data = message.Slice(dataStart, dataLength);
        var record = new DnsRecord(name, type, recordClass, ttl, data.ToArray());
        return type switch
        {
            DnsRecordType.A => WithAddress(record, data, 4, dataStart, query),
            DnsRecordType.AAAA => WithAddress(record, data, 16, dataStart, query),
            DnsRecordType.CNAME or DnsRecordType.PTR or DnsRecordType.NS =>
                record.WithTarget(ReadNameIn(message, dataStart, dataLength, query)),
            DnsRecordType.MX => ReadMx(record, message, dataStart, dataLength, query),
            DnsRecordType.SRV => ReadSrv(record, message, dataStart, dataLength, query),
            DnsRecordType.TXT => ReadTxt(record, data, dataStart, query),
            _ => record,
        };
    }

    private static DnsRecord WithAddress(DnsRecord record, ReadOnlySpan<byte> data, int size, int at, string query) =>
        data.Length == size
            ? record.WithAddress(new IPAddress(data))
            : throw new DnsFormatException(query, at, $"{record.Type} RDATA is {data.Length} bytes, not {size}");

    private static DnsRecord ReadMx(DnsRecord record, ReadOnlySpan<byte> message, int start, int length, string query)
    {
        if (length < 3)
        {
            throw new DnsFormatException(query, start, $"MX RDATA of {length} bytes is too short");
        }

        var preference = BinaryPrimitives.ReadUInt16BigEndian(message[start..]);
        return record.WithMx(preference, ReadNameIn(message, start + 2, length - 2, query));
    }

    private static DnsRecord ReadSrv(DnsRecord record, ReadOnlySpan<byte> message, int start, int length, string query)
    {
        if (length < 7)
        {
            throw new DnsFormatException(query, start, $"SRV RDATA of {length} bytes is too short");
        }

        return record.WithSrv(
            BinaryPrimitives.ReadUInt16BigEndian(message[start..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[(start + 2)..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[(start + 4)..]),
            ReadNameIn(message, start + 6, length - 6, query));
    }

    private static DnsRecord ReadTxt(DnsRecord record, ReadOnlySpan<byte> data, int at, string query)
    {
        if (data.IsEmpty)
        {
            throw new DnsFormatException(query, at, "TXT RDATA is empty; it holds at least one string");
        }

        var strings = new List<string>();
        var i = 0;
        while (i < data.Length)
        {
            int length = data[i];
            if (i + 1 + length > data.Length)
            {
                throw new DnsFormatException(query, at + i, "TXT string runs past its RDATA");
            }

            strings.Add(Encoding.UTF8.GetString(data.Slice(i + 1, length)));
            i += 1 + length;
        }

        return record.WithText(strings);
    }

    /// <summary>Reads a name that must end exactly at the end of its RDATA (pointers may still reach earlier bytes).</summary>
    private static string ReadNameIn(ReadOnlySpan<byte> message, int start, int length, string query)
    {
        var offset = start;
        var name = DnsNameReader.Read(message[..(start + length)], ref offset, query);
        if (offset != start + length)
        {
            throw new DnsFormatException(query, offset, $"name in RDATA ends at {offset}, RDATA ends at {start + length}");
        }

        return name;
    }
}
