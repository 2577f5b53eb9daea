using System.Buffers;
using System.IO.Pipelines;
using NetPrimitives.Framing;

namespace NetPrimitives.Tcp;

public sealed partial class EchoServer
{
    // Writes the reply to one message and returns the reply's size, or -1 for the empty line that ends the session.
    private long Echo(EchoSession session, in ReadOnlySequence<byte> message, PipeWriter writer, ArrayBufferWriter<byte>? scratch)
    {
        switch (_options.Mode)
        {
            case EchoMode.Raw:
                // Each received chunk is one message, like one recv() in the seeds.
                OnMessage(session, message);
                if (_options.Transform is { } transform)
                {
                    transform(session, message, writer);
                }
                else
                {
                    writer.Write(message.FirstSpan); // identity: receive buffer straight into the send buffer
                }

                return message.Length;

            case EchoMode.Lines:
                if (message.IsEmpty && _options.EndOnEmptyLine)
                {
                    // tcpSimpleServer2 / inet_08: the empty line ends the session and is not echoed.
                    EchoServerLog.EmptyLine(_logger, session);
                    return -1;
                }

                OnMessage(session, message);
                _lineFramer!.WriteLine(writer, Reply(session, message, scratch!));
                return message.Length + 2;

            default:
                OnMessage(session, message);
                if (_options.Transform is null)
                {
                    _framer!.WriteFrame(writer, message); // identity: no intermediate copy
                }
                else
                {
                    _framer!.WriteFrame(writer, Reply(session, message, scratch!));
                }

                return message.Length + 4;
        }
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

    // Raw mode's messages: each received chunk (one segment of the pipe's buffer), without copying.
    private readonly struct ChunkReader : IMessageReader<ReadOnlySequence<byte>>
    {
        public bool TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
        {
            // Empty segments (an empty buffer at FIN still enumerates one) are no message.
            foreach (var segment in buffer)
            {
                if (!segment.IsEmpty)
                {
                    message = new ReadOnlySequence<byte>(segment);
                    buffer = buffer.Slice(segment.Length);
                    return true;
                }
            }

            message = default;
            return false;
        }

        public Exception Truncated(in ReadOnlySequence<byte> remaining) =>
            throw new InvalidOperationException("Raw mode consumes every byte it reads.");
    }
}
