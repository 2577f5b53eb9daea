using NetPrimitives.Names;

namespace NetPrimitives.Tests.Names;

/// <summary>
/// Fixed-seed fuzzing of the decoder: random bytes and mutations of valid messages must either decode or throw
/// <see cref="DnsFormatException"/>; any other exception (index out of range, overflow, ...) fails with the input.
/// </summary>
public sealed class DnsFuzzTests
{
    private const int Iterations = 20_000;

    [Fact]
    public void Random_bytes_never_crash_the_decoder()
    {
        var random = new Random(20261121);
        var decoded = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var message = new byte[random.Next(0, 300)];
            random.NextBytes(message);
            if (message.Length > 3 && random.Next(2) == 0)
            {
                message[2] |= 0x80; // often a response, so decoding gets past the header
                if (message.Length > 5)
                {
                    message[4] = 0;
                    message[5] = 1;
                }
            }

            decoded += Decode(message);
        }

        Assert.InRange(decoded, 0, Iterations);
    }

    [Fact]
    public void Mutations_of_valid_messages_never_crash_the_decoder()
    {
        var random = new Random(7);
        var seeds = Seeds();
        var decoded = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var message = Mutate(seeds[random.Next(seeds.Length)], random);
            decoded += Decode(message);
        }

        // Many mutations (a flipped TTL bit, a changed address) still decode: the fuzzer reaches deep code.
        Assert.InRange(decoded, Iterations / 20, Iterations);
    }

    private static int Decode(byte[] message)
    {
        try
        {
            DnsMessageReader.Read(message, "fuzz");
            return 1;
        }
        catch (DnsFormatException)
        {
            return 0;
        }
        catch (Exception ex)
        {
            Assert.Fail($"{ex.GetType().Name} decoding {Convert.ToHexString(message)}: {ex}");
            return 0;
        }
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.RemoveRange(at, Math.Min(random.Next(1, 8), bytes.Count - at)); break;
                case 3: bytes.Insert(at, (byte)random.Next(256)); break;
                case 4: bytes[at] = (byte)(0xC0 | random.Next(4)); if (at + 1 < bytes.Count) { bytes[at + 1] = (byte)random.Next(256); } break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }

        return [.. bytes];
    }

    private static byte[][] Seeds()
    {
        var q = DnsTestMessage.QuestionOffset;
        return
        [
            new DnsTestMessage(1, "example.com", DnsRecordType.A).A("192.0.2.1").A("192.0.2.2").ToArray(),
            new DnsTestMessage(2, "www.example.com", DnsRecordType.A)
                .Answer(m => m.Pointer(q), DnsRecordType.CNAME, 5, m => m.Raw(3).Raw("web"u8.ToArray()).Pointer(q + 4))
                .Answer(m => m.Raw(3).Raw("web"u8.ToArray()).Pointer(q + 4), DnsRecordType.A, 5, m => m.Raw(10, 0, 0, 1)).ToArray(),
            new DnsTestMessage(3, "example.com", DnsRecordType.MX)
                .Answer(m => m.Pointer(q), DnsRecordType.MX, 9, m => m.U16(10).Raw(4).Raw("mail"u8.ToArray()).Pointer(q)).ToArray(),
            new DnsTestMessage(4, "_x._tcp.example.com", DnsRecordType.SRV)
                .Answer(m => m.Pointer(q), DnsRecordType.SRV, 9, m => m.U16(1).U16(2).U16(80).Raw(1, (byte)'h').Pointer(q + 8)).ToArray(),
            new DnsTestMessage(5, "example.com", DnsRecordType.TXT)
                .Answer(m => m.Pointer(q), DnsRecordType.TXT, 9, m => m.Raw(2).Raw("hi"u8.ToArray()).Raw(3).Raw("you"u8.ToArray())).ToArray(),
            new DnsTestMessage(6, "1.0.0.127.in-addr.arpa", DnsRecordType.PTR)
                .Answer(m => m.Pointer(q), DnsRecordType.PTR, 9, m => m.Name("localhost")).ToArray(),
            new DnsTestMessage(7, "example.com", DnsRecordType.AAAA, flags: 0x8380)
                .Answer(m => m.Pointer(q), DnsRecordType.AAAA, 9, m => m.Raw(new byte[16])).ToArray(),
        ];
    }
}
