using System.Buffers;
using System.IO.Pipelines;
using NetPrimitives.Framing;

namespace NetPrimitives.Tcp;

public sealed partial class EchoServer
{
    private async ValueTask<SequencePosition> EchoLinesAsync(
        EchoSession session, ReadOnlySequence<byte> buffer, bool completed, PipeWriter writer, ArrayBufferWriter<byte> scratch, LoopState state)
    {
        var framer = _lineFramer!;
        while (framer.TryReadLine(ref buffer, out var line))
        {
            if (line.IsEmpty && _options.EndOnEmptyLine)
            {
                // tcpSimpleServer2 / inet_08: the empty line ends the session and is not echoed.
                EchoServerLog.EmptyLine(_logger, session);
                state.Ended = true;
                return buffer.Start;
            }

            OnMessage(session, line);
            framer.WriteLine(writer, Reply(session, line, scratch));
            state.Messages++;
            if (await FlushIfFullAsync(writer, line.Length + 2, state).ConfigureAwait(false))
            {
                return buffer.Start;
            }
        }

        if (completed && !buffer.IsEmpty)
        {
            // STYLE.md #3: bytes left at the end are an error, as in LineFramer.ReadLineAsync: a last line needs its ending.
            throw new TruncatedFrameException(buffer.Length + 1, buffer.Length,
                $"The connection ended after {buffer.Length} bytes of a line without its ending.");
        }

        return buffer.Start;
    }

    private async ValueTask<SequencePosition> EchoFramesAsync(
        EchoSession session, ReadOnlySequence<byte> buffer, bool completed, PipeWriter writer, ArrayBufferWriter<byte> scratch, LoopState state)
    {
        var framer = _framer!;
        while (framer.TryReadFrame(ref buffer, out var payload))
        {
            OnMessage(session, payload);
            if (_options.Transform is null)
            {
                framer.WriteFrame(writer, payload); // identity: no intermediate copy
            }
            else
            {
                framer.WriteFrame(writer, Reply(session, payload, scratch));
            }

            state.Messages++;
            if (await FlushIfFullAsync(writer, payload.Length + 4, state).ConfigureAwait(false))
            {
                return buffer.Start;
            }
        }

        if (completed && !buffer.IsEmpty)
        {
            throw framer.CreateTruncated(buffer);
        }

        return buffer.Start;
    }

    /// <summary>The reply to <paramref name="message"/> as one span: the transform's output, or the message itself.</summary>
    private ReadOnlySpan<byte> Reply(EchoSession session, in ReadOnlySequence<byte> message, ArrayBufferWriter<byte> scratch)
    {
        if (_options.Transform is null && message.IsSingleSegment)
        {
            return message.FirstSpan;
        }

        scratch.ResetWrittenCount();
        if (_options.Transform is { } transform)
        {
            transform(session, message, scratch);
        }
        else
        {
            foreach (var segment in message)
            {
                scratch.Write(segment.Span);
            }
        }

        return scratch.WrittenSpan;
    }
}
