using System.Buffers;
using System.Text;

namespace NetPrimitives.Tcp;

/// <summary>Ready-made <see cref="EchoTransform"/>s for the classic echo programs.</summary>
public static class EchoTransforms
{
    /// <summary>
    /// ASCII upper case, as Python's <c>bytes.upper()</c>: only <c>a</c>-<c>z</c> change; every other byte
    /// (including UTF-8 multi-byte sequences) passes through untouched, so the output is the input's length.
    /// </summary>
    public static EchoTransform UpperCase { get; } = WriteUpperCase;

    /// <summary>
    /// Writes <paramref name="prefix"/> (UTF-8) before the reply: <c>Prefix("OK...")</c> answers <c>hi</c> with
    /// <c>OK...hi</c>.
    /// </summary>
    /// <param name="prefix">The text to put in front.</param>
    /// <param name="then">The transform for the message itself; <see langword="null"/> echoes it unchanged.</param>
    /// <returns>The transform.</returns>
    public static EchoTransform Prefix(string prefix, EchoTransform? then = null)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var bytes = Encoding.UTF8.GetBytes(prefix);
        return (EchoSession session, in ReadOnlySequence<byte> message, IBufferWriter<byte> output) =>
        {
            output.Write(bytes);
            WriteMessage(session, message, output, then);
        };
    }

    /// <summary>
    /// Writes the session's name and <paramref name="separator"/> before the reply: with
    /// <see cref="UpperCase"/> as <paramref name="then"/> session <c>Thread-2</c> answers <c>cmde 1</c> with <c>"Thread-2: CMDE 1"</c>.
    /// </summary>
    /// <param name="separator">Between the name and the message. Default <c>": "</c>.</param>
    /// <param name="then">The transform for the message itself; <see langword="null"/> echoes it unchanged.</param>
    /// <returns>The transform.</returns>
    public static EchoTransform PrefixSessionName(string separator = ": ", EchoTransform? then = null)
    {
        ArgumentNullException.ThrowIfNull(separator);
        var separatorBytes = Encoding.UTF8.GetBytes(separator);
        return (EchoSession session, in ReadOnlySequence<byte> message, IBufferWriter<byte> output) =>
        {
            output.Write(session.NameUtf8.Span);
            output.Write(separatorBytes);
            WriteMessage(session, message, output, then);
        };
    }

    private static void WriteMessage(EchoSession session, in ReadOnlySequence<byte> message, IBufferWriter<byte> output, EchoTransform? transform)
    {
        if (transform is not null)
        {
            transform(session, message, output);
            return;
        }

        foreach (var segment in message)
        {
            output.Write(segment.Span);
        }
    }

    private static void WriteUpperCase(EchoSession session, in ReadOnlySequence<byte> message, IBufferWriter<byte> output)
    {
        foreach (var segment in message)
        {
            var source = segment.Span;
            while (!source.IsEmpty)
            {
                var target = output.GetSpan(Math.Min(source.Length, 4096));
                var count = Math.Min(source.Length, target.Length);
                for (var i = 0; i < count; i++)
                {
                    var b = source[i];
                    // bytes.upper(): ASCII letters only (0x61-0x7A -> 0x41-0x5A).
                    target[i] = (uint)(b - 'a') <= 'z' - 'a' ? (byte)(b - 0x20) : b;
                }

                output.Advance(count);
                source = source[count..];
            }
        }
    }
}
