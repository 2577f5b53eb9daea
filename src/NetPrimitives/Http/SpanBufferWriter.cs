using System.Buffers;
using System.Buffers.Text;

namespace NetPrimitives.Http;

/// <summary>
/// Writes into one span taken from an <see cref="IBufferWriter{T}"/> and advances it once, at <see cref="Commit"/>:
/// a Pipe's GetSpan/Advance take its lock on every call, and a response head is a dozen small pieces (Kestrel's
/// BufferWriter does the same).
/// </summary>
internal ref struct SpanBufferWriter
{
    private readonly IBufferWriter<byte> _output;
    private Span<byte> _free;
    private int _buffered;

    public SpanBufferWriter(IBufferWriter<byte> output, int sizeHint)
    {
        _output = output;
        _free = output.GetSpan(sizeHint);
        _buffered = 0;
    }

    /// <summary>Appends <paramref name="bytes"/>, taking a new span from the output when this one is full.</summary>
    public void Write(scoped ReadOnlySpan<byte> bytes)
    {
        if (bytes.TryCopyTo(_free))
        {
            _free = _free[bytes.Length..];
            _buffered += bytes.Length;
            return;
        }

        WriteSlow(bytes);
    }

    /// <summary>Appends <paramref name="text"/> as Latin-1 (one byte per char; the caller checked it is at most U+00FF).</summary>
    public void WriteLatin1(string text)
    {
        Ensure(text.Length);
        var written = System.Text.Encoding.Latin1.GetBytes(text, _free);
        _free = _free[written..];
        _buffered += written;
    }

    /// <summary>Appends <paramref name="value"/> in decimal.</summary>
    public void WriteNumber(long value)
    {
        Ensure(20);
        Utf8Formatter.TryFormat(value, _free, out var written);
        _free = _free[written..];
        _buffered += written;
    }

    /// <summary>Advances the output past what was written. The writer can go on after it.</summary>
    public void Commit()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _buffered = 0;
            _free = default;
        }
    }

    private void Ensure(int count)
    {
        if (_free.Length < count)
        {
            Commit();
            _free = _output.GetSpan(count);
        }
    }

    private void WriteSlow(scoped ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_free.IsEmpty)
            {
                Commit();
                _free = _output.GetSpan(Math.Min(bytes.Length, 4096));
            }

            var count = Math.Min(_free.Length, bytes.Length);
            bytes[..count].CopyTo(_free);
            _free = _free[count..];
            _buffered += count;
            bytes = bytes[count..];
        }
    }
}
