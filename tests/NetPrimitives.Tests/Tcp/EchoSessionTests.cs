using NetPrimitives.Framing;
using NetPrimitives.Tcp;
using NetPrimitives.Testing;
using NetPrimitives.Tests.Transport;

namespace NetPrimitives.Tests.Tcp;

/// <summary>The EchoServer's per-connection logic over in-memory pipes: no sockets, deterministic.</summary>
public sealed class EchoSessionTests
{
    private static (DuplexPipePair Pair, Task Session, EchoServer Server) Run(EchoServerOptions options, CancellationToken stopping = default)
    {
        var server = new EchoServer(options);
        var pair = DuplexPipePair.Create();
        var session = server.RunSessionAsync(pair.Server, new EchoSession(2, options.SessionNamePrefix + "2", null, null), stopping);
        return (pair, session, server);
    }

    private static async Task<string> SendAndCloseAsync(DuplexPipePair pair, Task session, string text)
    {
        await pair.Client.Output.WriteAsync(Encoding.UTF8.GetBytes(text));
        await pair.Client.Output.CompleteAsync();
        var (bytes, error) = await PipeRead.ToEndAsync(pair.Client.Input);
        Assert.Null(error);
        await session.WaitAsync(PipeRead.Timeout);
        return Encoding.UTF8.GetString(bytes);
    }

    [Fact]
    public async Task Raw_mode_echoes_bytes_unchanged_and_reports_each_chunk_once()
    {
        var (pair, session, server) = Run(new EchoServerOptions());
        var messages = new List<string>();
        server.MessageReceived += (_, e) => messages.Add(e.GetText());
        Assert.Equal("any bytes\n at all", await SendAndCloseAsync(pair, session, "any bytes\n at all"));
        Assert.Equal(["any bytes\n at all"], messages); // no empty message for the FIN
    }

    [Fact]
    public async Task Raw_mode_with_upper_case_is_tcpSimpleServer2_without_the_line_rule()
    {
        var (pair, session, _) = Run(new EchoServerOptions { Transform = EchoTransforms.UpperCase });
        Assert.Equal("HELLO, WORLD 42\r\n", await SendAndCloseAsync(pair, session, "hello, World 42\r\n"));
    }

    [Fact]
    public async Task Lines_mode_echoes_each_line_through_the_transform_with_a_line_ending()
    {
        var (pair, session, _) = Run(new EchoServerOptions { Mode = EchoMode.Lines, Transform = EchoTransforms.UpperCase });
        Assert.Equal("ONE\r\nTWO\r\n\r\nTHREE\r\n", await SendAndCloseAsync(pair, session, "one\ntwo\r\n\nthree\n"));
    }

    [Fact]
    public async Task Lines_mode_ls2_greeting_and_OK_prefix()
    {
        var (pair, session, _) = Run(new EchoServerOptions
        {
            Mode = EchoMode.Lines,
            Greeting = "Welcome to the server. Type something and hit enter\n",
            Transform = EchoTransforms.Prefix("OK..."),
            LineFramer = new LineFramerOptions { WriteTerminator = LineTerminator.Lf },
        });
        Assert.Equal("Welcome to the server. Type something and hit enter\nOK...hi\nOK...there\n", await SendAndCloseAsync(pair, session, "hi\nthere\n"));
    }

    [Fact]
    public async Task Lines_mode_inet_08_session_name_and_upper_case_ending_on_the_empty_line()
    {
        var (pair, session, _) = Run(new EchoServerOptions
        {
            Mode = EchoMode.Lines,
            SessionNamePrefix = "Thread-",
            Transform = EchoTransforms.PrefixSessionName(then: EchoTransforms.UpperCase),
            EndOnEmptyLine = true,
        });

        // The client does not close: the empty line alone must end the session; what follows it is not answered.
        await pair.Client.Output.WriteAsync("cmde 1 du client 1\ncmde 2\n\nignored\n"u8.ToArray());
        var (bytes, error) = await PipeRead.ToEndAsync(pair.Client.Input);
        Assert.Null(error);
        Assert.Equal("Thread-2: CMDE 1 DU CLIENT 1\r\nThread-2: CMDE 2\r\n", Encoding.UTF8.GetString(bytes));
        await session.WaitAsync(PipeRead.Timeout);
    }

    [Fact]
    public async Task Lines_mode_an_over_long_line_closes_the_session_with_LineTooLongException()
    {
        var (pair, session, server) = Run(new EchoServerOptions { Mode = EchoMode.Lines, LineFramer = new LineFramerOptions { MaxLineLength = 16 } });
        Exception? reported = null;
        server.ClientDisconnected += (_, e) => reported = e.Error;

        await pair.Client.Output.WriteAsync("short\n"u8.ToArray());
        await pair.Client.Output.WriteAsync(new byte[100]);
        var (bytes, _) = await PipeRead.ToEndAsync(pair.Client.Input);
        await session.WaitAsync(PipeRead.Timeout);

        Assert.Equal("short\r\n", Encoding.UTF8.GetString(bytes));
        var tooLong = Assert.IsType<LineTooLongException>(reported);
        Assert.Equal(16, tooLong.MaxLength);
    }

    [Fact]
    public async Task Lines_mode_a_last_line_without_its_ending_is_a_truncation_error()
    {
        var (pair, session, server) = Run(new EchoServerOptions { Mode = EchoMode.Lines });
        Exception? reported = null;
        server.ClientDisconnected += (_, e) => reported = e.Error;

        Assert.Equal("done\r\n", await SendAndCloseAsync(pair, session, "done\nhalf a li"));
        Assert.IsType<TruncatedFrameException>(reported);
    }

    [Fact]
    public async Task Frames_mode_echoes_frames_and_applies_the_transform_to_payloads()
    {
        var framer = new LengthPrefixedFramer();
        var (pair, session, _) = Run(new EchoServerOptions { Mode = EchoMode.Frames, Transform = EchoTransforms.UpperCase });
        var request = new ArrayBufferWriter<byte>();
        framer.WriteFrame(request, "abc"u8);
        framer.WriteFrame(request, ReadOnlySpan<byte>.Empty);
        framer.WriteFrame(request, "line\nbreaks\nare data"u8);
        await pair.Client.Output.WriteAsync(request.WrittenMemory);
        await pair.Client.Output.CompleteAsync();

        var (bytes, error) = await PipeRead.ToEndAsync(pair.Client.Input);
        Assert.Null(error);
        var reply = new ReadOnlySequence<byte>(bytes);
        var payloads = new List<string>();
        while (framer.TryReadFrame(ref reply, out var payload))
        {
            payloads.Add(Encoding.UTF8.GetString(payload));
        }

        Assert.True(reply.IsEmpty);
        Assert.Equal(["ABC", "", "LINE\nBREAKS\nARE DATA"], payloads);
        await session.WaitAsync(PipeRead.Timeout);
    }

    [Fact]
    public async Task Frames_mode_an_oversized_frame_closes_the_session_with_FrameTooLargeException()
    {
        var (pair, session, server) = Run(new EchoServerOptions { Mode = EchoMode.Frames, Framer = new LengthPrefixedFramerOptions { MaxFrameLength = 8 } });
        Exception? reported = null;
        server.ClientDisconnected += (_, e) => reported = e.Error;

        await pair.Client.Output.WriteAsync(new byte[] { 0, 0, 0, 9, 1, 2, 3 });
        var (bytes, _) = await PipeRead.ToEndAsync(pair.Client.Input);
        await session.WaitAsync(PipeRead.Timeout);

        Assert.Empty(bytes);
        Assert.IsType<FrameTooLargeException>(reported);
    }

    [Fact]
    public async Task Frames_mode_a_frame_cut_by_the_close_is_a_truncation_error()
    {
        var (pair, session, server) = Run(new EchoServerOptions { Mode = EchoMode.Frames });
        Exception? reported = null;
        server.ClientDisconnected += (_, e) => reported = e.Error;

        Assert.Equal("", await SendAndCloseAsync(pair, session, "\0\0\0\u0005ab"));
        var truncated = Assert.IsType<TruncatedFrameException>(reported);
        Assert.Equal(9, truncated.BytesExpected);
        Assert.Equal(6, truncated.BytesReceived);
    }

    [Fact]
    public async Task Events_report_connect_each_message_and_disconnect_in_order()
    {
        var options = new EchoServerOptions { Mode = EchoMode.Lines };
        var server = new EchoServer(options);
        var seen = new List<string>();
        server.ClientConnected += (_, e) => seen.Add($"connected {e.Session.Name}");
        server.MessageReceived += (_, e) => seen.Add($"{e.Session.Name}: {e.GetText()}");
        server.ClientDisconnected += (_, e) => seen.Add($"disconnected {e.Session.Name} {e.Error?.GetType().Name ?? "ok"}");
        var pair = DuplexPipePair.Create();
        var session = server.RunSessionAsync(pair.Server, new EchoSession(7, "Client-7", null, null), CancellationToken.None);

        await SendAndCloseAsync(pair, session, "first\nsecond\n");
        Assert.Equal(["connected Client-7", "Client-7: first", "Client-7: second", "disconnected Client-7 ok"], seen);
    }

    [Fact]
    public async Task A_throwing_event_handler_does_not_break_the_session()
    {
        var (pair, session, server) = Run(new EchoServerOptions { Mode = EchoMode.Lines });
        server.MessageReceived += (_, _) => throw new InvalidOperationException("subscriber bug");
        Assert.Equal("x\r\n", await SendAndCloseAsync(pair, session, "x\n"));
    }

    [Fact]
    public async Task Stopping_answers_what_already_arrived_then_ends_without_waiting_for_more()
    {
        using var stopping = new CancellationTokenSource();
        var (pair, session, _) = Run(new EchoServerOptions { Mode = EchoMode.Lines }, stopping.Token);
        await pair.Client.Output.WriteAsync("before stop\npartial"u8.ToArray());
        Assert.Equal("before stop\r\n"u8.ToArray(), await PipeRead.ExactlyAsync(pair.Client.Input, 13));

        await pair.Client.Output.WriteAsync("\nthen a whole line\n"u8.ToArray());
        stopping.Cancel();
        var (bytes, error) = await PipeRead.ToEndAsync(pair.Client.Input); // the client never closed: the stop ends it
        Assert.Null(error);
        Assert.Equal("partial\r\nthen a whole line\r\n", Encoding.UTF8.GetString(bytes));
        await session.WaitAsync(PipeRead.Timeout);
    }

    [Fact]
    public void Invalid_framer_options_are_rejected_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new EchoServer(new EchoServerOptions { Mode = EchoMode.Lines, LineFramer = new LineFramerOptions { MaxLineLength = 0 } }));
        Assert.Throws<ArgumentException>(() => new EchoServer(new EchoServerOptions { Mode = (EchoMode)42 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EchoServerOptions { MaxConnections = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new EchoServerOptions { IdleTimeout = TimeSpan.Zero });
    }
}
