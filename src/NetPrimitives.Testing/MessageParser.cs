using System.Buffers;

namespace NetPrimitives.Testing;

/// <summary>
/// The shape of a pure, incremental parser: on success it returns <see langword="true"/>, produces one
/// message and slices the consumed bytes off the front of <paramref name="buffer"/>; when the buffer does
/// not yet hold a whole message it returns <see langword="false"/> (the buffer is then ignored) and waits
/// for more bytes. It may throw to reject malformed input.
/// </summary>
/// <typeparam name="T">The message type. Materialise it (copy the bytes) if it must outlive the buffer.</typeparam>
/// <param name="buffer">The unconsumed bytes; sliced past the message on success.</param>
/// <param name="message">The message read.</param>
/// <returns><see langword="true"/> when a whole message was read.</returns>
public delegate bool MessageParser<T>(ref ReadOnlySequence<byte> buffer, out T message);
