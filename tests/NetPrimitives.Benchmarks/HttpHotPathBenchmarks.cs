using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using NetPrimitives.Http;

namespace NetPrimitives.Benchmarks;

/// <summary>
/// MiniHttpServer's per-request work without sockets: parsing wrk's plaintext request head (with and without the
/// connection's reuse of the header collection and strings), and writing the "Hello, World!" response (head and
/// body in one span). Time and allocation are per request.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class HttpHotPathBenchmarks
{
    private static readonly byte[] Request = Encoding.ASCII.GetBytes("GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:18080\r\n\r\n");

    private static readonly byte[] BrowserRequest = Encoding.ASCII.GetBytes(
        "GET /index.html HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
        + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\nAccept-Language: en-US,en;q=0.5\r\n"
        + "Accept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\nUpgrade-Insecure-Requests: 1\r\n\r\n");

    private static readonly byte[] Body = Encoding.ASCII.GetBytes("Hello, World!");

    private readonly HttpRequestParser _parser = new(new HttpLimits());
    private readonly RequestHeadReuse _reuse = new();
    private readonly ArrayBufferWriter<byte> _output = new(1024);
    private readonly HttpDateCache _date = new();
    private readonly HttpHeaders _headers = new();

    [Benchmark]
    public object ParsePlaintext() => Parse(Request, null);

    [Benchmark]
    public object ParsePlaintextReusing() => Parse(Request, _reuse);

    [Benchmark]
    public object ParseBrowser() => Parse(BrowserRequest, null);

    [Benchmark]
    public object ParseBrowserReusing() => Parse(BrowserRequest, _reuse);

    [Benchmark]
    public int WriteResponse()
    {
        _output.ResetWrittenCount();
        _headers.Clear();
        _headers.Set("Content-Type", "text/plain");
        var writer = new SpanBufferWriter(_output, 256 + Body.Length);
        HttpResponseHeadWriter.Write(ref writer, 200, null, _headers, ResponseFraming.ContentLength, Body.Length, false, _date.GetDateLine(), "NetPrimitives");
        writer.Write(Body);
        writer.Commit();
        return _output.WrittenCount;
    }

    private object Parse(byte[] bytes, RequestHeadReuse? reuse)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        _parser.TryParseRequestHead(ref buffer, out var head, reuse);
        return head;
    }
}
