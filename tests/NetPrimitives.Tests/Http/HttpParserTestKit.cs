using NetPrimitives.Http;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Http;

/// <summary>Adapters from the HTTP parsers to the split-point harness, and the status-typed errors it compares.</summary>
internal static class HttpParserTestKit
{
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>A head parser that reports the head as a canonical string and skips a Content-Length body.</summary>
    public static MessageParser<string> HeadParser(HttpLimits? limits = null)
    {
        var parser = new HttpRequestParser(limits ?? new HttpLimits());
        return (ref ReadOnlySequence<byte> buffer, out string message) =>
        {
            message = string.Empty;
            var attempt = buffer;
            HttpRequestHead head;
            try
            {
                if (!parser.TryParseRequestHead(ref attempt, out head))
                {
                    return false;
                }
            }
            catch (HttpParseException ex)
            {
                throw StatusError.For(ex);
            }

            if (head.Framing == BodyFraming.ContentLength)
            {
                if (attempt.Length < head.ContentLength)
                {
                    return false; // the harness will call again with more bytes; the head is parsed again (stateless)
                }

                attempt = attempt.Slice(head.ContentLength);
            }

            message = Describe(head);
            buffer = attempt;
            return true;
        };
    }

    public static string Describe(HttpRequestHead head)
    {
        var fields = string.Join("|", head.Headers.Select(f => f.Key + "=" + f.Value));
        return $"{head.Method} {head.Target} {head.Version} host={head.Host} {head.Framing}:{head.ContentLength} "
            + $"keepAlive={head.KeepAlive} continue={head.ExpectContinue} [{fields}]";
    }

    /// <summary>Parses one head from the whole input.</summary>
    public static HttpRequestHead ParseOne(string text, HttpLimits? limits = null)
    {
        var buffer = new ReadOnlySequence<byte>(Bytes(text));
        Assert.True(new HttpRequestParser(limits ?? new HttpLimits()).TryParseRequestHead(ref buffer, out var head), "head incomplete");
        return head;
    }

    /// <summary>
    /// A chunked-body parser for the harness: the message is the whole decoded body plus trailers. The decoder is
    /// incremental and consumes bytes even when it needs more; the harness, like a parser returning false, hands the
    /// same bytes again, so the adapter skips what the decoder already took (as a read loop's AdvanceTo(consumed)
    /// would). Decoder and skip are reset once a body ends or fails, so each delivery plan starts fresh.
    /// </summary>
    public static MessageParser<string> ChunkedParser(HttpLimits? limits = null, long maxData = long.MaxValue)
    {
        limits ??= new HttpLimits();
        var decoder = new ChunkedDecoder(limits);
        var body = new List<byte>();
        long taken = 0;
        return (ref ReadOnlySequence<byte> buffer, out string message) =>
        {
            message = string.Empty;
            var work = buffer.Slice(taken);
            try
            {
                while (decoder.TryRead(ref work, maxData, out var data))
                {
                    if (decoder.IsCompleted)
                    {
                        var trailers = string.Join("|", decoder.Trailers.Select(f => f.Key + "=" + f.Value));
                        message = Encoding.Latin1.GetString(body.ToArray()) + " [" + trailers + "]";
                        decoder = new ChunkedDecoder(limits);
                        body.Clear();
                        taken = 0;
                        buffer = work;
                        return true;
                    }

                    Assert.InRange(data.Length, 1, maxData);
                    body.AddRange(data.ToArray());
                }

                taken = buffer.Length - work.Length;
                return false;
            }
            catch (HttpParseException ex)
            {
                decoder = new ChunkedDecoder(limits);
                body.Clear();
                taken = 0;
                throw StatusError.For(ex);
            }
        };
    }
}

/// <summary>
/// The harness compares exception types across delivery plans; one type per status code makes it compare the
/// status too.
/// </summary>
internal abstract class StatusError(HttpParseException inner) : Exception(inner.Message, inner)
{
    public int StatusCode => ((HttpParseException)InnerException!).StatusCode;

    public static StatusError For(HttpParseException ex) => ex.StatusCode switch
    {
        400 => new Status400(ex),
        413 => new Status413(ex),
        414 => new Status414(ex),
        417 => new Status417(ex),
        431 => new Status431(ex),
        501 => new Status501(ex),
        505 => new Status505(ex),
        _ => throw new InvalidOperationException($"Unexpected status {ex.StatusCode}", ex),
    };
}

internal sealed class Status400(HttpParseException inner) : StatusError(inner);

internal sealed class Status413(HttpParseException inner) : StatusError(inner);

internal sealed class Status414(HttpParseException inner) : StatusError(inner);

internal sealed class Status417(HttpParseException inner) : StatusError(inner);

internal sealed class Status431(HttpParseException inner) : StatusError(inner);

internal sealed class Status501(HttpParseException inner) : StatusError(inner);

internal sealed class Status505(HttpParseException inner) : StatusError(inner);
