using System.Buffers;

namespace NetPrimitives.Tcp;

/// <summary>
/// Turns one received message into the reply: reads <paramref name="message"/>, writes the reply to
/// <paramref name="output"/>. Called on the connection's own task, one message at a time per connection, but
/// concurrently across connections: keep it free of shared mutable state. <paramref name="message"/> is only
/// valid during the call. Ready-made transforms are in <see cref="EchoTransforms"/>.
/// </summary>
/// <param name="session">The connection the message came from.</param>
/// <param name="message">The message (raw chunk, line without its ending, or frame payload).</param>
/// <param name="output">Where to write the reply (the server adds the line ending or frame prefix).</param>
public delegate void EchoTransform(EchoSession session, in ReadOnlySequence<byte> message, IBufferWriter<byte> output);
