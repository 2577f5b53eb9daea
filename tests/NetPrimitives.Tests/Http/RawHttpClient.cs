using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.Tests.Http;

/// <summary>A raw-socket HTTP/1.1 client for conformance tests: sends exact bytes, parses responses strictly.</summary>
internal sealed class RawHttpClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RawHttpClient(Socket socket, Stream? stream = null)
    {
        _socket = socket;
        _stream = stream ?? new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>The negotiated ALPN protocol over TLS; empty otherwise.</summary>
    public System.Net.Security.SslApplicationProtocol ApplicationProtocol => (_stream as System.Net.Security.SslStream)?.NegotiatedApplicationProtocol ?? default;

    /// <summary>Connects and runs a TLS handshake with <paramref name="tls"/> (HTTPS).</summary>
    public static async Task<RawHttpClient> ConnectTlsAsync(IPEndPoint endPoint, System.Net.Security.SslClientAuthenticationOptions tls)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint).WaitAsync(Timeout);
        var stream = new System.Net.Security.SslStream(new NetworkStream(socket, ownsSocket: true));
        await stream.AuthenticateAsClientAsync(tls).WaitAsync(Timeout);
        return new RawHttpClient(socket, stream);
    }

    public static async Task<RawHttpClient> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint).WaitAsync(Timeout);
        return new RawHttpClient(socket);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes).AsTask().WaitAsync(Timeout);

    /// <summary>Reads one response: status line, fields, and the body by Content-Length, chunked, or (when <paramref name="untilClose"/>) to the end.</summary>
    public async Task<RawResponse> ReadResponseAsync(bool headOnly = false, bool untilClose = false)
    {
        var statusLine = await ReadLineAsync() ?? throw new IOException("Connection closed before a response.");
        var headers = new List<KeyValuePair<string, string>>();
        string? line;
        while (!string.IsNullOrEmpty(line = await ReadLineAsync()))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        var response = new RawResponse(statusLine, headers);
        var status = response.StatusCode;
        if (headOnly || status is 204 or 304 || (status >= 100 && status < 200))
        {
            return response;
        }

        if (response["Transfer-Encoding"] is { } te)
        {
            Assert.Equal("chunked", te);
            var body = new List<byte>();
            while (true)
            {
                var size = Convert.ToInt32((await ReadLineAsync())!.Split(';')[0], 16);
                if (size == 0)
                {
                    while (!string.IsNullOrEmpty(await ReadLineAsync()))
                    {
                    }

                    break;
                }

                body.AddRange(await ReadExactlyAsync(size));
                Assert.Equal(string.Empty, await ReadLineAsync());
            }

            response.Body = body.ToArray();
        }
        else if (response["Content-Length"] is { } length)
        {
            response.Body = await ReadExactlyAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (untilClose)
        {
            response.Body = await ReadToEndAsync();
        }

        return response;
    }

    /// <summary>True when the server closed the connection (FIN or reset) with nothing more to read.</summary>
    public async Task<bool> IsClosedAsync()
    {
        try
        {
            return (await ReadToEndAsync()).Length == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async Task<byte[]> ReadToEndAsync()
    {
        var all = new List<byte>();
        all.AddRange(_buffer.AsSpan(_start, _end - _start).ToArray());
        _start = _end = 0;
        int read;
        while ((read = await _stream.ReadAsync(_buffer).AsTask().WaitAsync(Timeout)) > 0)
        {
            all.AddRange(_buffer.AsSpan(0, read).ToArray());
        }

        return all.ToArray();
    }

    public async Task<byte[]> ReadExactlyAsync(int count)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_start == _end && !await FillAsync())
            {
                throw new IOException($"Connection closed after {filled} of {count} body bytes.");
            }

            var take = Math.Min(count - filled, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(result.AsSpan(filled));
            _start += take;
            filled += take;
        }

        return result;
    }

    private async Task<string?> ReadLineAsync()
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync())
            {
                return line.Count == 0 ? null : throw new IOException("Connection closed mid-line.");
            }

            var b = _buffer[_start++];
            if (b == (byte)'\n')
            {
                Assert.True(line.Count > 0 && line[^1] == (byte)'\r', "response line not ended by CRLF");
                return Encoding.Latin1.GetString(line.ToArray(), 0, line.Count - 1);
            }

            line.Add(b);
        }
    }

    private async Task<bool> FillAsync()
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer).AsTask().WaitAsync(Timeout);
        return _end > 0;
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();

    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Dispose();
    }
}

internal sealed class RawResponse(string statusLine, List<KeyValuePair<string, string>> headers)
{
    public string StatusLine { get; } = statusLine;

    public int StatusCode => int.Parse(StatusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    public List<KeyValuePair<string, string>> Headers { get; } = headers;

    public byte[] Body { get; set; } = [];

    public string Text => Encoding.UTF8.GetString(Body);

    public string? this[string name] => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public override string ToString() => StatusLine + " | " + string.Join(" | ", Headers.Select(h => h.Key + ": " + h.Value)) + " | " + Text;
}
