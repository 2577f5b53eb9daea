using System.Buffers;

namespace NetPrimitives.Http;

public sealed partial class HttpResponse
{
    // Only on a server that compresses, so that the others' responses stay as small as they were.
    private CodingState? _encoding;

    /// <summary>
    /// Decides whether this response would be compressed, from its type and length and the request's
    /// Accept-Encoding, before the head is written. The static file handler calls it before it answers 304, so that
    /// the 304 carries the Vary and ETag a 200 would; other responses are planned when their head is written.
    /// </summary>
    internal ContentCoding PlanCompression(string? contentType, long? length)
    {
        if (Router?.Compression is not { } compression)
        {
            return ContentCoding.Identity;
        }

        var plan = _encoding = new CodingState();
        if (Headers.Contains(ContentEncodingField) || !compression.IsCompressible(contentType) || length == 0 || length < compression.MinimumSize)
        {
            return ContentCoding.Identity;
        }

        // The body depends on Accept-Encoding from here on, whatever this request chose (RFC 9110 §12.5.5).
        plan.Varies = true;
        plan.Coding = AcceptEncoding.Select(_request.Headers, compression.Brotli, compression.Gzip);
        return plan.Coding;
    }

    /// <summary>Awaits the handler; if it fails, frees a compressor it left behind without sending its output.</summary>
    internal Task ReleaseCompressorOnFailureAsync(Task handled) => handled.IsCompletedSuccessfully ? handled : AwaitHandlerAsync(handled);

    private async Task AwaitHandlerAsync(Task handled)
    {
        try
        {
            await handled.ConfigureAwait(false);
        }
        catch
        {
            // The connection aborts a response that failed after its head: the compressor's last block must not
            // reach the pipe, but its native state is freed now rather than by a finalizer.
            if (_encoding is { } encoding)
            {
                encoding.Discard = true;
                encoding.Compressor?.Dispose();
                encoding.Compressor = null;
            }

            throw;
        }
    }

    // The coding the body gets as the response stands: the plan, unless the status rules a coded body out
    // (RFC 9110 §14: a range is of the unencoded representation; 204 and 304 have no body).
    private ContentCoding BodyCoding()
    {
        if (_encoding is null)
        {
            PlanCompression(ContentType, _contentLength);
        }

        return _encoding is not { Coding: not ContentCoding.Identity } || _statusCode is 204 or 206 or 304 || Headers.Contains(ContentRangeField)
            ? ContentCoding.Identity
            : _encoding.Coding;
    }

    /// <summary>When the head is written: the fields of the coding, and a compressor for a streamed body.</summary>
    private void ApplyCoding(ResponseCompression compression)
    {
        var coding = BodyCoding();
        var plan = _encoding!;
        if (plan.Varies)
        {
            AddVary();
        }

        if (plan.Coding != ContentCoding.Identity && (coding != ContentCoding.Identity || _statusCode == 304))
        {
            // A compressed body is not byte for byte the identity one, so a strong validator must not be shared
            // (RFC 9110 §8.8.3); a weak one still matches If-None-Match (weak comparison, §13.1.2), and a 304 carries
            // the tag its 200 would.
            WeakenEntityTag();
        }

        if (coding == ContentCoding.Identity)
        {
            return;
        }

        Headers.Set(ContentEncodingField, ResponseCompression.Token(coding));
        Headers.Remove("Accept-Ranges"); // ranges are served from the identity body only
        if (plan.BodyEncoded)
        {
            return;
        }

        plan.DeclaredLength = _contentLength;
        _contentLength = null; // the compressed length is known at the end: chunked (HTTP/1.1) or close-delimited
        if (BodyAllowed)
        {
            plan.Compressor = compression.CreateStream(coding, this);
        }
    }

    /// <summary>SendAsync's path: the whole body compressed first, so the response keeps a Content-Length.</summary>
    private bool TrySendCompressed(ReadOnlySpan<byte> body)
    {
        if (Router?.Compression is not { } compression)
        {
            return false;
        }

        // Planned for this body, whatever was planned before (the static handler plans for its file, then may send a 416 page).
        PlanCompression(ContentType, body.Length);
        if (!BodyAllowed || BodyCoding() is not (var coding and not ContentCoding.Identity))
        {
            return false;
        }

        if (!compression.TryCompress(coding, body, out var buffer, out var length))
        {
            _encoding!.Coding = ContentCoding.Identity; // would not be smaller: sent as it is (and still Vary)
            return false;
        }

        try
        {
            _encoding!.BodyEncoded = true;
            _contentLength = length;
            WriteCore(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return true;
    }

    private void Compress(ReadOnlySpan<byte> data)
    {
        var encoding = _encoding!;
        if (encoding.ContentWritten + data.Length > encoding.DeclaredLength)
        {
            throw new InvalidOperationException($"Writing {data.Length} more bytes would exceed Content-Length {encoding.DeclaredLength}.");
        }

        encoding.ContentWritten += data.Length;
        encoding.Compressor!.Write(data);
    }

    /// <summary>Ends a compressed body: the compressor's last block goes out through <see cref="WriteEncoded"/>.</summary>
    private void FinishCompressor()
    {
        if (_encoding is not { Compressor: { } compressor } encoding)
        {
            return;
        }

        encoding.Compressor = null;
        compressor.Dispose();
        if (encoding.DeclaredLength is { } declared && encoding.ContentWritten != declared)
        {
            throw new InvalidOperationException($"The handler wrote {encoding.ContentWritten} body bytes but set Content-Length {declared}.");
        }
    }

    private void AddVary()
    {
        foreach (var vary in Headers.GetValues(VaryField))
        {
            foreach (var member in vary.Split(','))
            {
                if (member.Trim() is "*" || member.Trim().Equals(HttpHeaderNames.AcceptEncoding, StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }
            }
        }

        Headers.Add(VaryField, HttpHeaderNames.AcceptEncoding); // fields of a list combine (RFC 9110 §5.3)
    }

    private void WeakenEntityTag()
    {
        if (Headers[ETagField] is { } tag && tag.StartsWith('"'))
        {
            Headers.Set(ETagField, "W/" + tag);
        }
    }

    private const string ContentEncodingField = "Content-Encoding";
    private const string ContentRangeField = "Content-Range";
    private const string VaryField = "Vary";
    private const string ETagField = "ETag";

    /// <summary>The compression of one response: the plan, then the compressor of a streamed body.</summary>
    private sealed class CodingState
    {
        /// <summary>Whether the body depends on Accept-Encoding (so the response says Vary).</summary>
        public bool Varies;

        public ContentCoding Coding;

        public Stream? Compressor;

        /// <summary>The handler failed after the head: the compressor's output is dropped.</summary>
        public bool Discard;

        /// <summary>The whole body was compressed before the head (SendAsync): its Content-Length is the compressed one.</summary>
        public bool BodyEncoded;

        /// <summary>The handler's Content-Length when a streaming compressor replaced it, and the bytes it wrote since.</summary>
        public long? DeclaredLength;

        public long ContentWritten;
    }
}
