using System.Buffers;
using System.IO.Pipelines;

namespace NetPrimitives.Http;

/// <summary>Drives <see cref="MultipartParser"/> over the request body pipe, one part at a time.</summary>
internal sealed class MultipartReader
{
    private readonly PipeReader _input;
    private readonly MultipartParser _parser;
    private MultipartEvent? _pending;

    public MultipartReader(PipeReader input, string boundary)
    {
        _input = input;
        _parser = new MultipartParser(boundary);
    }

    /// <summary>Skips what is left of the current part; returns the next part's fields, or <see langword="null"/> at the end.</summary>
    public async ValueTask<HttpHeaders?> NextPartAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = _pending ?? (await NextEventAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false)).Kind;
            _pending = null;
            switch (next)
            {
                case MultipartEvent.PartHeaders:
                    return _parser.Headers;
                case MultipartEvent.End:
                    _pending = MultipartEvent.End;
                    return null;
            }
        }
    }

    /// <summary>Reads the current part's body; 0 at its end.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_pending is not null || destination.IsEmpty)
        {
            return 0;
        }

        var (next, written) = await NextEventAsync(destination, cancellationToken).ConfigureAwait(false);
        if (next != MultipartEvent.Data)
        {
            _pending = next; // the part ended; keep the event for NextPartAsync
            return 0;
        }

        return written;
    }

    /// <summary>The next event; data goes to <paramref name="destination"/> (empty: data is skipped, up to the pipe's size at a time).</summary>
    private async ValueTask<(MultipartEvent Kind, int Written)> NextEventAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var work = buffer;
            if (_parser.TryRead(ref work, destination.IsEmpty ? long.MaxValue : destination.Length, out var kind, out var data))
            {
                var written = 0;
                if (kind == MultipartEvent.Data && !destination.IsEmpty)
                {
                    data.CopyTo(destination.Span);
                    written = (int)data.Length;
                }

                _input.AdvanceTo(work.Start);
                return (kind, written);
            }

            _input.AdvanceTo(work.Start, buffer.End);
            if (result.IsCompleted)
            {
                HttpThrow.BadRequest("Multipart body ended before its close delimiter");
            }
        }
    }
}
