using System.Runtime.CompilerServices;
using System.Buffers;
using System.IO.Pipelines;

namespace NetPrimitives.Http;

/// <summary>
/// Reads one request body straight from the connection's pipe, by Content-Length or chunked, never buffering more
/// than the pipe holds. Sends 100 Continue on the first read when the client asked for it (RFC 9110 §10.1.1), and
/// enforces the minimum data rate after its grace period (the slow-upload guard, as Kestrel's MinRequestBodyDataRate).
/// </summary>
internal sealed class RequestBodyReader
{
    private readonly HttpConnection _connection;
    private readonly HttpRequestHead _head;
    private readonly ChunkedDecoder? _chunked;
    private long _remaining;
    private long _rawBytes;
    private long _examined;
    private long _startTimestamp;
    private bool _started;

    public RequestBodyReader(HttpConnection connection, HttpRequestHead head)
    {
        _connection = connection;
        _head = head;
        _remaining = head.Framing == BodyFraming.ContentLength ? head.ContentLength : 0;
        _chunked = head.Framing == BodyFraming.Chunked ? new ChunkedDecoder(connection.Limits) : null;
        IsComplete = head.Framing == BodyFraming.None;
    }

    /// <summary>True once the whole body has been read (or there was none).</summary>
    public bool IsComplete { get; private set; }

    /// <summary>True once a read was attempted (so 100 Continue was sent if asked for).</summary>
    public bool Started => _started;

    /// <summary>Decoded body bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The trailer fields of a chunked body, once complete.</summary>
    public HttpHeaders? Trailers => _chunked?.Trailers;

    /// <summary>Reads up to <paramref name="destination"/>.Length body bytes; 0 at the end of the body.</summary>
    /// <exception cref="HttpParseException">Malformed chunking (400), body too large (413), client gone mid-body (400) or too slow (408).</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (IsComplete || destination.IsEmpty)
        {
            return 0;
        }

        if (!_started)
        {
            _started = true;
            _startTimestamp = _connection.Clock.GetTimestamp();
            if (_head.ExpectContinue)
            {
                await _connection.SendContinueAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var input = _connection.Input;
        while (true)
        {
            var result = await ReadGuardedAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (_chunked is null)
            {
                var count = (int)Math.Min(Math.Min(buffer.Length, _remaining), destination.Length);
                buffer.Slice(0, count).CopyTo(destination.Span);
                input.AdvanceTo(buffer.GetPosition(count));
                Account(count, count);
                _remaining -= count;
                IsComplete = _remaining == 0;
                if (count > 0)
                {
                    return count;
                }
            }
            else
            {
                var work = buffer;
                var produced = _chunked.TryRead(ref work, destination.Length, out var data);

                // Lengths are taken before AdvanceTo: after it the pipe may reuse the segments the slices point into.
                var length = (int)data.Length;
                data.CopyTo(destination.Span);
                var consumed = buffer.Length - work.Length;
                if (produced)
                {
                    input.AdvanceTo(work.Start);
                    _examined = 0;
                    Account(consumed, length);
                    IsComplete = _chunked.IsCompleted;
                    if (length > 0 || IsComplete)
                    {
                        return length;
                    }

                    continue;
                }

                _examined = work.Length;
                input.AdvanceTo(work.Start, buffer.End);
                Account(consumed, 0);
            }

            if (result.IsCompleted)
            {
                HttpThrow.BadRequest("Connection closed before the end of the request body");
            }
        }
    }

    private void Account(long raw, int decoded)
    {
        _rawBytes += raw;
        BytesRead += decoded;
    }

    /// <summary>Reads the pipe, giving up with 408 when the body arrives slower than the minimum rate.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> ReadGuardedAsync(CancellationToken cancellationToken)
    {
        var timeout = Timeout.InfiniteTimeSpan;
        var limits = _connection.Limits;
        if (limits.MinRequestBodyDataRate is { } rate)
        {
            // With no more bytes, the average rate falls below the minimum at max(grace, received / rate).
            var elapsed = _connection.Clock.GetElapsedTime(_startTimestamp);
            var allowed = TimeSpan.FromSeconds(Math.Max(limits.MinRequestBodyDataRateGracePeriod.TotalSeconds, _rawBytes / rate));
            timeout = allowed - elapsed;
            if (timeout <= TimeSpan.Zero)
            {
                HttpThrow.Status(408, "Request body arrived too slowly");
            }
        }

        try
        {
            return await _connection.ReadAsync(_examined, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            HttpThrow.Status(408, "Request body arrived too slowly");
            throw;
        }
    }
}
