using System.Buffers;

namespace NetPrimitives.Smtp;

/// <summary>
/// Encodes a message for the DATA command, incrementally (state carries over between calls, so a CR at the
/// end of one chunk and its LF at the start of the next are one line end): every line end becomes CRLF (a
/// bare LF or bare CR is never sent, RFC 5321 §2.3.8 and §4.1.1.4), a <c>.</c> at the start of a line is
/// doubled (RFC 5321 §4.5.2 transparency) and <see cref="Complete"/> ends the data with <c>CRLF.CRLF</c>.
/// </summary>
internal sealed class SmtpDataEncoder
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();
    private static readonly byte[] Terminator = ".\r\n"u8.ToArray();

    private bool _atLineStart = true;
    private bool _pendingCarriageReturn;

    /// <summary>Bytes written to the output so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Encodes the next part of the message.</summary>
    public void Encode(ReadOnlySequence<byte> input, IBufferWriter<byte> output)
    {
        foreach (var segment in input)
        {
            Encode(segment.Span, output);
        }
    }

    /// <summary>Encodes the next part of the message.</summary>
    public void Encode(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        var i = 0;
        if (_pendingCarriageReturn && input.Length > 0)
        {
            _pendingCarriageReturn = false;
            Write(output, Crlf);
            _atLineStart = true;
            if (input[0] == (byte)'\n')
            {
                i = 1;
            }
        }

        while (i < input.Length)
        {
            if (_atLineStart)
            {
                _atLineStart = false;
                if (input[i] == (byte)'.')
                {
                    Write(output, "."u8);
                }
            }

            var rest = input[i..];
            var k = rest.IndexOfAny((byte)'\r', (byte)'\n');
            if (k < 0)
            {
                Write(output, rest);
                return;
            }

            Write(output, rest[..k]);
            if (rest[k] == (byte)'\n')
            {
                Write(output, Crlf);
                _atLineStart = true;
                i += k + 1;
            }
            else if (k + 1 < rest.Length)
            {
                // CR LF stays one line end; a bare CR becomes one.
                Write(output, Crlf);
                _atLineStart = true;
                i += k + 1 + (rest[k + 1] == (byte)'\n' ? 1 : 0);
            }
            else
            {
                // A CR as the last byte: whether it is CRLF is known with the next chunk.
                _pendingCarriageReturn = true;
                return;
            }
        }
    }

    /// <summary>Ends the data: the last line gets its CRLF if it lacks one, then the <c>.</c> line.</summary>
    public void Complete(IBufferWriter<byte> output)
    {
        if (_pendingCarriageReturn || !_atLineStart)
        {
            Write(output, Crlf);
        }

        Write(output, Terminator);
        _pendingCarriageReturn = false;
        _atLineStart = true;
    }

    private void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 0)
        {
            output.Write(bytes);
            BytesWritten += bytes.Length;
        }
    }
}
