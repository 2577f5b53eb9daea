using NetPrimitives.Tcp;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Tcp;

public sealed class EchoTransformsTests
{
    private static readonly EchoSession Session = new(3, "Thread-3", null, null);

    private static byte[] Apply(EchoTransform transform, ReadOnlySequence<byte> input)
    {
        var output = new ArrayBufferWriter<byte>(1); // tiny first buffer: forces GetSpan to grow
        transform(Session, input, output);
        return output.WrittenSpan.ToArray();
    }

    [Fact]
    public void UpperCase_changes_only_ascii_letters_like_python_bytes_upper()
    {
        var input = Encoding.UTF8.GetBytes("abc xyz ABC 09 `{@[ é ß ÿ\r\n");
        var expected = Encoding.UTF8.GetBytes("ABC XYZ ABC 09 `{@[ é ß ÿ\r\n");
        Assert.Equal(expected, Apply(EchoTransforms.UpperCase, new ReadOnlySequence<byte>(input)));

        // Every byte value: a-z move by 0x20, the other 230 stay.
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var upper = Apply(EchoTransforms.UpperCase, new ReadOnlySequence<byte>(all));
        for (var i = 0; i < 256; i++)
        {
            Assert.Equal(i is >= 'a' and <= 'z' ? i - 32 : i, upper[i]);
        }
    }

    [Fact]
    public void UpperCase_works_across_segments()
    {
        var text = Encoding.ASCII.GetBytes(new string('q', 10_000));
        var split = BufferSequence.SplitAt(text, 1, 4096, 4099);
        Assert.Equal(Encoding.ASCII.GetBytes(new string('Q', 10_000)), Apply(EchoTransforms.UpperCase, split));
    }

    [Fact]
    public void Prefix_and_session_name_compose()
    {
        var input = new ReadOnlySequence<byte>("cmde 1"u8.ToArray());
        Assert.Equal("OK...cmde 1"u8.ToArray(), Apply(EchoTransforms.Prefix("OK..."), input));
        Assert.Equal("Thread-3: CMDE 1"u8.ToArray(), Apply(EchoTransforms.PrefixSessionName(then: EchoTransforms.UpperCase), input));
        Assert.Equal("Thread-3 -> cmde 1"u8.ToArray(), Apply(EchoTransforms.PrefixSessionName(" -> "), input));
    }
}
