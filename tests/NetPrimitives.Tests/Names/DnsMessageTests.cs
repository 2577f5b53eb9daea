using System.Net;
using NetPrimitives.Names;

namespace NetPrimitives.Tests.Names;

public sealed class DnsMessageTests
{
    [Fact]
    public void Query_is_encoded_per_rfc_1035()
    {
        var buffer = new byte[DnsMessageWriter.MaxQueryLength];
        var length = DnsMessageWriter.WriteQuery(buffer, 0xBEEF, "www.example.com", DnsRecordType.AAAA);
        byte[] expected =
        [
            0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
            3, (byte)'w', (byte)'w', (byte)'w', 7, .. "example"u8, 3, .. "com"u8, 0,
            0, 28, 0, 1,
        ];
        Assert.Equal(expected, buffer[..length]);
    }

    [Fact]
    public void Every_record_type_decodes_with_compression_and_ttls()
    {
        var m = new DnsTestMessage(7, "example.com", DnsRecordType.A, flags: 0x8580);
        var q = DnsTestMessage.QuestionOffset;
        m.A("192.0.2.1", ttl: 60)
         .Answer(x => x.Pointer(q), DnsRecordType.AAAA, 61, x => x.Raw(IPAddress.Parse("2001:db8::1").GetAddressBytes()));
        var wwwAt = m.Length;
        m.Answer(x => x.Raw(3, (byte)'w', (byte)'w', (byte)'w').Pointer(q), DnsRecordType.CNAME, 62, x => x.Pointer(q))
         .Answer(x => x.Pointer(wwwAt), DnsRecordType.PTR, 63, x => x.Raw(4, (byte)'h', (byte)'o', (byte)'s', (byte)'t').Pointer(q))
         .Answer(x => x.Pointer(q), DnsRecordType.MX, 64, x => x.U16(10).Raw(4, (byte)'m', (byte)'a', (byte)'i', (byte)'l').Pointer(q))
         .Answer(x => x.Name("_sip._tcp.example.com"), DnsRecordType.SRV, 65, x => x.U16(1).U16(5).U16(5060).Name("sip.example.com"))
         .Answer(x => x.Pointer(q), DnsRecordType.TXT, 66, x => x.Raw(5).Raw("hello"u8.ToArray()).Raw(0).Raw(3).Raw("a b"u8.ToArray()))
         .Answer(x => x.Pointer(q), (DnsRecordType)99, 67, x => x.Raw(1, 2, 3))
         .Answer(x => x.Pointer(q), DnsRecordType.A, 0x80000000, x => x.Raw(10, 0, 0, 1));

        var response = DnsMessageReader.Read(m.ToArray());
        Assert.Equal(7, response.Id);
        Assert.True(response.IsAuthoritative);
        Assert.False(response.IsTruncated);
        Assert.True(response.RecursionAvailable);
        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.Equal("example.com", response.QuestionName);
        var a = response.Answers;
        Assert.Equal(9, a.Count);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), a[0].Address);
        Assert.Equal(TimeSpan.FromSeconds(60), a[0].TimeToLive);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), a[1].Address);
        Assert.Equal(("www.example.com", "example.com"), (a[2].Name, a[2].Target));
        Assert.Equal(("www.example.com", "host.example.com"), (a[3].Name, a[3].Target));
        Assert.Equal((10, "mail.example.com"), (a[4].Preference, a[4].Target));
        Assert.Equal("_sip._tcp.example.com", a[5].Name);
        Assert.Equal((1, 5, 5060, "sip.example.com"), (a[5].Priority, a[5].Weight, a[5].Port, a[5].Target));
        Assert.Equal(["hello", "", "a b"], a[6].Text);
        Assert.Equal(TimeSpan.FromSeconds(66), a[6].TimeToLive);
        Assert.Equal([1, 2, 3], a[7].Data.ToArray());
        Assert.Equal("example.com 67 IN TYPE99 \\# 3 010203", a[7].ToString());
        Assert.Equal(TimeSpan.Zero, a[8].TimeToLive); // RFC 2181 §8: top bit set reads as 0
        Assert.Equal("example.com 64 IN MX 10 mail.example.com", a[4].ToString());
    }

    [Fact]
    public void Rcode_and_truncation_flag_are_reported_and_a_cut_record_is_dropped()
    {
        var nx = DnsMessageReader.Read(new DnsTestMessage(1, "nope.test", DnsRecordType.A, flags: 0x8183).ToArray());
        Assert.Equal(DnsResponseCode.NameError, nx.ResponseCode);
        Assert.Empty(nx.Answers);

        var full = new DnsTestMessage(2, "big.test", DnsRecordType.A, flags: 0x8380).A("10.0.0.1").A("10.0.0.2").ToArray();
        var cut = full[..^3]; // the second A record loses its last bytes, as a truncating server may leave it
        var response = DnsMessageReader.Read(cut);
        Assert.True(response.IsTruncated);
        Assert.Single(response.Answers);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), response.Answers[0].Address);

        // Without TC the same cut is malformed.
        var untruncated = new DnsTestMessage(2, "big.test", DnsRecordType.A).A("10.0.0.1").A("10.0.0.2").ToArray()[..^3];
        Assert.Throws<DnsFormatException>(() => DnsMessageReader.Read(untruncated));
    }

    public static TheoryData<string, byte[]> Hostile => new()
    {
        { "empty", [] },
        { "short header", [0, 1, 0x81, 0x80, 0, 1] },
        { "query not response", new DnsTestMessage(1, "a.test", DnsRecordType.A, flags: 0x0100).ToArray() },
        { "two questions", new DnsTestMessage(1, "a.test", DnsRecordType.A).SetCount(4, 2).ToArray() },
        { "huge answer count", new DnsTestMessage(1, "a.test", DnsRecordType.A).SetCount(6, 65535).ToArray() },
        { "pointer to itself", new DnsTestMessage(1, "a.test", DnsRecordType.A).Answer(m => m.Pointer(m.Length), DnsRecordType.A, 1, m => m.Raw(1, 2, 3, 4)).ToArray() },
        { "pointer loop", Loop() },
        { "forward pointer", new DnsTestMessage(1, "a.test", DnsRecordType.A).Answer(m => m.Pointer(m.Length + 2), DnsRecordType.A, 1, m => m.Raw(1, 2, 3, 4)).ToArray() },
        { "pointer out of range", new DnsTestMessage(1, "a.test", DnsRecordType.A).Answer(m => m.Pointer(0x3FFF), DnsRecordType.A, 1, m => m.Raw(1, 2, 3, 4)).ToArray() },
        { "pointer into header", new DnsTestMessage(1, "a.test", DnsRecordType.A).Answer(m => m.Pointer(2), DnsRecordType.A, 1, m => m.Raw(1, 2, 3, 4)).ToArray() },
        { "pointer cut", [.. new DnsTestMessage(1, "a.test", DnsRecordType.A).SetCount(6, 1).ToArray(), 0xC0] },
        { "label past end", [.. new DnsTestMessage(1, "a.test", DnsRecordType.A).SetCount(6, 1).ToArray(), 10, 1, 2] },
        { "extended label type", new DnsTestMessage(1, "a.test", DnsRecordType.A).Answer(m => m.Raw(0x41, 0), DnsRecordType.A, 1, m => m.Raw(1, 2, 3, 4)).ToArray() },
        { "name over 255", LongName() },
        { "rdata past end", new DnsTestMessage(1, "a.test", DnsRecordType.A).Answer(m => m.Pointer(12), DnsRecordType.A, 1, m => m.Raw(1, 2, 3, 4)).ToArray()[..^2] },
        { "A of 5 bytes", new DnsTestMessage(1, "a.test", DnsRecordType.A).Answer(m => m.Pointer(12), DnsRecordType.A, 1, m => m.Raw(1, 2, 3, 4, 5)).ToArray() },
        { "AAAA of 4 bytes", new DnsTestMessage(1, "a.test", DnsRecordType.AAAA).Answer(m => m.Pointer(12), DnsRecordType.AAAA, 1, m => m.Raw(1, 2, 3, 4)).ToArray() },
        { "TXT string past rdata", new DnsTestMessage(1, "a.test", DnsRecordType.TXT).Answer(m => m.Pointer(12), DnsRecordType.TXT, 1, m => m.Raw(9, 1, 2)).ToArray() },
        { "TXT empty", new DnsTestMessage(1, "a.test", DnsRecordType.TXT).Answer(m => m.Pointer(12), DnsRecordType.TXT, 1, _ => { }).ToArray() },
        { "MX too short", new DnsTestMessage(1, "a.test", DnsRecordType.MX).Answer(m => m.Pointer(12), DnsRecordType.MX, 1, m => m.U16(1)).ToArray() },
        { "SRV too short", new DnsTestMessage(1, "a.test", DnsRecordType.SRV).Answer(m => m.Pointer(12), DnsRecordType.SRV, 1, m => m.U16(1).U16(2).U16(3)).ToArray() },
        { "CNAME name longer than rdata", new DnsTestMessage(1, "a.test", DnsRecordType.CNAME).Answer(m => m.Pointer(12), DnsRecordType.CNAME, 1, m => m.Raw(5, (byte)'a')).ToArray() },
        { "CNAME with trailing bytes", new DnsTestMessage(1, "a.test", DnsRecordType.CNAME).Answer(m => m.Pointer(12), DnsRecordType.CNAME, 1, m => m.Pointer(12).Raw(0)).ToArray() },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_messages_are_typed_errors(string why, byte[] message)
    {
        var ex = Assert.Throws<DnsFormatException>(() => DnsMessageReader.Read(message, "q"));
        Assert.Equal(HostResolutionError.MalformedResponse, ex.Error);
        Assert.InRange(ex.Offset, 0, Math.Max(message.Length, 12));
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public void Names_with_odd_bytes_are_escaped_in_presentation_form()
    {
        var m = new DnsTestMessage(1, "a.test", DnsRecordType.PTR)
            .Answer(x => x.Pointer(12), DnsRecordType.PTR, 1, x => x.Raw(3, (byte)'a', (byte)'.', 0x07, 0));
        Assert.Equal("a\\.\\007", DnsMessageReader.Read(m.ToArray()).Answers[0].Target);
    }

    [Theory]
    [InlineData("127.0.0.1", "1.0.0.127.in-addr.arpa")]
    [InlineData("::ffff:10.1.2.3", "3.2.1.10.in-addr.arpa")]
    [InlineData("2001:db8::567:89ab", "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa")]
    public void Reverse_names_follow_rfc_1035_and_3596(string address, string expected)
    {
        Assert.Equal(expected, DnsReverseName.For(IPAddress.Parse(address)));
    }

    // Name at 12 ("a.test"); answer owner at X = pointer to X+2, at X+2 a pointer back to X.
    private static byte[] Loop()
    {
        var m = new DnsTestMessage(1, "a.test", DnsRecordType.A);
        var at = m.Length;
        return m.Answer(x => x.Pointer(at + 2).Pointer(at), DnsRecordType.A, 1, x => x.Raw(1, 2, 3, 4)).ToArray();
    }

    private static byte[] LongName()
    {
        var m = new DnsTestMessage(1, "a.test", DnsRecordType.A);
        return m.Answer(x => { for (var i = 0; i < 5; i++) { x.Raw(63).Raw(Enumerable.Repeat((byte)'a', 63).ToArray()); } x.Raw(0); }, DnsRecordType.A, 1, x => x.Raw(1, 2, 3, 4)).ToArray();
    }
}
