using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using NetPrimitives.Tests.Infrastructure;
using NetPrimitives.Transport;

namespace NetPrimitives.Tests.Transport;

/// <summary>TLS in the transport, our own client against our own listener on loopback, with the test authority.</summary>
public sealed class TlsTransportTests
{
    private static readonly TestCertificateAuthority Ca = TestCertificateAuthority.Shared;

    private static Task Echo(SocketConnection connection, CancellationToken stopping) => TcpConnectionListenerTests.Echo(connection, stopping);

    private static TcpConnectionListener StartTls(HandshakeLog? log = null, TimeProvider? clock = null, SslServerAuthenticationOptions? tls = null)
    {
        // The handshake timeout is 7 s on the fake clock the timeout tests pass, which fires only where they move it.
        // On the real clock (every other test) it is out of reach: a test that expects another failure (NotTls) once
        // saw Timeout on a machine loaded enough to keep a handshake waiting 7 s.
        var options = new TcpServerOptions
        {
            Tls = tls ?? Ca.ServerOptions(),
            TimeProvider = clock ?? TimeProvider.System,
            TlsHandshakeTimeout = clock is null ? TimeSpan.FromMinutes(10) : TimeSpan.FromSeconds(7),
        };
        var listener = new TcpConnectionListener(options, Echo, log);
        listener.Start();
        return listener;
    }

    private static ValueTask<TcpConnection> ConnectTlsAsync(string host, int port, SslClientAuthenticationOptions? tls = null, bool acceptAny = false) =>
        TcpConnection.ConnectAsync(host, port, new TcpConnectionOptions { Tls = tls ?? Ca.ClientOptions(), DangerousAcceptAnyServerCertificate = acceptAny });

    // A TLS client is served end to end: the proof that the listener goes on after whatever a test did before.
    private static async Task AssertServedAsync(TcpConnectionListener listener, string payload = "still serving")
    {
        await using var client = await ConnectTlsAsync("localhost", listener.LocalEndPoint!.Port).AsTask().WaitAsync(PipeRead.Timeout);
        var bytes = Encoding.ASCII.GetBytes(payload);
        await client.Output.WriteAsync(bytes);
        Assert.Equal(bytes, await PipeRead.ExactlyAsync(client.Input, bytes.Length));
    }

    [Fact]
    public async Task A_certificate_selector_serves_each_name_the_client_asks_for_its_own_certificate()
    {
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        var tls = new SslServerAuthenticationOptions
        {
            // SNI: the name in the ClientHello picks the certificate.
            ServerCertificateSelectionCallback = (_, name) =>
            {
                asked.Enqueue(name);
                return name == "wrong.example" ? Ca.WrongName : Ca.Server;
            },
        };
        await using var listener = StartTls(tls: tls);

        // One listener, two names, each checked by the client against the certificate it got.
        foreach (var name in new[] { "localhost", "wrong.example" })
        {
            await using var client = await TcpConnection.ConnectAsync("localhost", listener.LocalEndPoint!.Port, new TcpConnectionOptions { Tls = Ca.ClientOptions(targetHost: name) })
                .AsTask().WaitAsync(PipeRead.Timeout);
            await client.Output.WriteAsync("sni"u8.ToArray());
            Assert.Equal("sni"u8.ToArray(), await PipeRead.ExactlyAsync(client.Input, 3));
        }

        Assert.Equal(["localhost", "wrong.example"], asked);
    }

    [Fact]
    public async Task A_server_that_requires_client_certificates_refuses_a_client_without_one()
    {
        var log = new HandshakeLog();
        var required = Ca.ServerOptions();
        required.ClientCertificateRequired = true;
        await using var listener = StartTls(log, tls: required);

        try
        {
            await using var anonymous = await ConnectTlsAsync("localhost", listener.LocalEndPoint!.Port).AsTask().WaitAsync(PipeRead.Timeout);
            await anonymous.Output.WriteAsync("hello"u8.ToArray());
            var (echoed, _) = await PipeRead.ToEndAsync(anonymous.Input); // TLS 1.3: the refusal comes after the client's Finished
            Assert.Empty(echoed);
        }
        catch (TransportException)
        {
            // TLS 1.2, or the alert arrived in time: refused during the client's own handshake (or reset after it).
        }

        Assert.Equal(TlsHandshakeFailure.CertificateRejected, await log.NextAsync());
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task Bytes_echo_through_TLS_and_the_server_name_is_checked(string host)
    {
        await using var listener = StartTls();
        await using var client = await ConnectTlsAsync(host, listener.LocalEndPoint!.Port).AsTask().WaitAsync(PipeRead.Timeout);
        Assert.True(client.TlsProtocol is SslProtocols.Tls12 or SslProtocols.Tls13, client.TlsProtocol.ToString());

        // More than a TLS record and more than a pipe segment, so that reads and writes are split.
        var payload = new byte[300_000];
        Random.Shared.NextBytes(payload);
        var sending = client.Output.WriteAsync(payload).AsTask();
        Assert.Equal(payload, await PipeRead.ExactlyAsync(client.Input, payload.Length));
        await sending;

        await client.Output.CompleteAsync(); // close_notify and FIN: the server's input completes, it closes too
        var (rest, error) = await PipeRead.ToEndAsync(client.Input);
        Assert.Empty(rest);
        Assert.Null(error);
    }

    [Fact]
    public async Task Alpn_is_agreed_and_reported()
    {
        await using var listener = StartTls(tls: Ca.ServerOptions(alpn: [SslApplicationProtocol.Http11]));
        await using var client = await ConnectTlsAsync("localhost", listener.LocalEndPoint!.Port, Ca.ClientOptions(alpn: [SslApplicationProtocol.Http11]))
            .AsTask().WaitAsync(PipeRead.Timeout);
        Assert.Equal(SslApplicationProtocol.Http11, client.ApplicationProtocol);
    }

    [Theory]
    [InlineData(0)] // connects and says nothing
    [InlineData(5)] // a TLS record header, then nothing: a handshake that stops halfway
    public async Task A_silent_handshake_is_cut_at_the_timeout_while_others_are_served(int bytesSent)
    {
        var clock = new SignalingTimeProvider();
        var log = new HandshakeLog();
        await using var listener = StartTls(log, clock);

        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(listener.LocalEndPoint!).WaitAsync(PipeRead.Timeout);
        await silent.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00 }.AsMemory(0, bytesSent));
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(7)).WaitAsync(PipeRead.Timeout);

        await AssertServedAsync(listener); // meanwhile, a real client is served (its handshake arms a 7 s timer too, and ends before it)
        clock.Advance(TimeSpan.FromSeconds(7));

        Assert.Equal(TlsHandshakeFailure.Timeout, await log.NextAsync());
        Assert.Equal(0, await silent.ReceiveAsync(new byte[16].AsMemory(), SocketFlags.None).AsTask().WaitAsync(PipeRead.Timeout)); // closed
        await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 0, "the silent connection is gone");
    }

    [Fact]
    public async Task A_graceful_stop_ends_a_handshake_in_progress_without_waiting_for_its_timeout()
    {
        var clock = new SignalingTimeProvider();
        var log = new HandshakeLog();
        var listener = StartTls(log, clock);
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(listener.LocalEndPoint!).WaitAsync(PipeRead.Timeout);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(7)).WaitAsync(PipeRead.Timeout);

        // No deadline on the stop, and the clock never moves: only the stop signal can end the handshake.
        Assert.True(await listener.StopAsync().WaitAsync(PipeRead.Timeout));
        Assert.Equal(0, listener.ActiveConnections);
        Assert.Equal(0, await silent.ReceiveAsync(new byte[16].AsMemory(), SocketFlags.None).AsTask().WaitAsync(PipeRead.Timeout));
        Assert.False(log.Any); // a stop is not a failed handshake
        await listener.DisposeAsync();
    }

    [Fact]
    public async Task A_plain_text_client_on_a_TLS_port_is_closed_and_the_listener_goes_on()
    {
        var log = new HandshakeLog();
        await using var listener = StartTls(log);
        await using (var plain = await TcpConnection.ConnectAsync(listener.LocalEndPoint!).AsTask().WaitAsync(PipeRead.Timeout))
        {
            await plain.Output.WriteAsync("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());
            Assert.Equal(TlsHandshakeFailure.NotTls, await log.NextAsync());
            await PipeRead.ToEndAsync(plain.Input); // FIN or reset: no echo of the plain text
        }

        await AssertServedAsync(listener);
    }

    [Fact]
    public async Task Twenty_thousand_garbage_bytes_instead_of_a_ClientHello_are_refused_and_the_listener_goes_on()
    {
        var log = new HandshakeLog();
        await using var listener = StartTls(log);
        var garbage = new byte[20_000];
        new Random(18).NextBytes(garbage);
        garbage[0] = 0x47; // not 0x16, a handshake record
        await using (var client = await TcpConnection.ConnectAsync(listener.LocalEndPoint!).AsTask().WaitAsync(PipeRead.Timeout))
        {
            _ = client.Output.WriteAsync(garbage); // the server may close before reading it all
            Assert.Equal(TlsHandshakeFailure.NotTls, await log.NextAsync());
            var (echoed, _) = await PipeRead.ToEndAsync(client.Input);
            Assert.Empty(echoed);
        }

        await AssertServedAsync(listener);
        await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 0, "every connection is gone");
    }

    [Fact]
    public async Task A_peer_that_closes_during_the_handshake_is_named()
    {
        var log = new HandshakeLog();
        await using var listener = StartTls(log);
        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await client.ConnectAsync(listener.LocalEndPoint!).WaitAsync(PipeRead.Timeout);
            await client.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01 });
            client.Shutdown(SocketShutdown.Send); // FIN in the middle of the ClientHello
            Assert.Equal(TlsHandshakeFailure.PeerClosed, await log.NextAsync());
        }

        await AssertServedAsync(listener);
    }

    [Fact]
    public async Task A_TLS_client_on_a_plain_port_fails_with_a_typed_error()
    {
        // A plain echo server sends the ClientHello back: whatever the client makes of it, it is a handshake failure.
        var listener = new TcpConnectionListener(new TcpServerOptions(), Echo);
        listener.Start();
        await using (listener)
        {
            var error = await Assert.ThrowsAsync<TlsHandshakeException>(() => ConnectTlsAsync("localhost", listener.LocalEndPoint!.Port).AsTask().WaitAsync(PipeRead.Timeout));
            Assert.NotEqual(TlsHandshakeFailure.Timeout, error.Reason);
            await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 0, "the client closed its socket");
        }
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_by_our_client()
    {
        await using var listener = StartTls(tls: Ca.ServerOptions(Ca.Expired));
        var error = await Assert.ThrowsAsync<TlsHandshakeException>(() => ConnectTlsAsync("localhost", listener.LocalEndPoint!.Port).AsTask().WaitAsync(PipeRead.Timeout));
        Assert.Equal(TlsHandshakeFailure.CertificateRejected, error.Reason);
        Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, error.CertificateErrors);

        // Under TLS 1.3 the server may have finished its side before the client refused: either way the connection goes.
        await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 0, "the refused connection is gone");
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused_by_our_client_and_accepted_only_by_the_explicit_opt_in()
    {
        await using var listener = StartTls(tls: Ca.ServerOptions(Ca.WrongName));
        var port = listener.LocalEndPoint!.Port;
        var error = await Assert.ThrowsAsync<TlsHandshakeException>(() => ConnectTlsAsync("localhost", port).AsTask().WaitAsync(PipeRead.Timeout));
        Assert.Equal(TlsHandshakeFailure.CertificateRejected, error.Reason);
        Assert.Equal(SslPolicyErrors.RemoteCertificateNameMismatch, error.CertificateErrors);

        // The test-only opt-in takes it (the name and even the authority go unchecked) and the bytes flow.
        await using var accepting = await ConnectTlsAsync("localhost", port, new SslClientAuthenticationOptions(), acceptAny: true).AsTask().WaitAsync(PipeRead.Timeout);
        await accepting.Output.WriteAsync("ok"u8.ToArray());
        Assert.Equal("ok"u8.ToArray(), await PipeRead.ExactlyAsync(accepting.Input, 2));

        // The opt-in and a callback of one's own contradict each other.
        var both = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => false };
        await Assert.ThrowsAsync<ArgumentException>(() => ConnectTlsAsync("localhost", port, both, acceptAny: true).AsTask());
    }

    [Fact]
    public async Task A_system_trusted_check_refuses_the_test_authority_by_default()
    {
        // No chain policy: the system's trust store does not know the test root, so the default is to refuse.
        await using var listener = StartTls();
        var error = await Assert.ThrowsAsync<TlsHandshakeException>(() => ConnectTlsAsync("localhost", listener.LocalEndPoint!.Port, new SslClientAuthenticationOptions()).AsTask().WaitAsync(PipeRead.Timeout));
        Assert.Equal(TlsHandshakeFailure.CertificateRejected, error.Reason);
        Assert.True(error.CertificateErrors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public async Task No_shared_application_protocol_is_named_on_both_sides()
    {
        var log = new HandshakeLog();
        await using var listener = StartTls(log, tls: Ca.ServerOptions(alpn: [SslApplicationProtocol.Http2]));
        var error = await Assert.ThrowsAsync<TlsHandshakeException>(() =>
            ConnectTlsAsync("localhost", listener.LocalEndPoint!.Port, Ca.ClientOptions(alpn: [SslApplicationProtocol.Http11])).AsTask().WaitAsync(PipeRead.Timeout));
        Assert.Equal(TlsHandshakeFailure.NoSharedProtocol, error.Reason);
        Assert.Equal(TlsHandshakeFailure.NoSharedProtocol, await log.NextAsync());
        await AssertServedAsync(listener);
    }

    [Fact]
    public async Task Handshakes_are_timed_and_failures_counted_by_reason()
    {
        var seen = new List<(string Name, string? Tag)>();
        using var meterListener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name.StartsWith("netprimitives.server.tls_handshake.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(System.Diagnostics.Metrics.Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? tag = null;
            foreach (var pair in tags)
            {
                if (pair.Key is "error.type" or "tls.protocol.version")
                {
                    tag = $"{pair.Key}={pair.Value}";
                }
            }

            lock (seen)
            {
                seen.Add((instrument.Name, tag));
            }
        }

        meterListener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(instrument, tags));
        meterListener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, tags));
        meterListener.Start();

        var log = new HandshakeLog();
        await using var listener = StartTls(log);
        await AssertServedAsync(listener);
        await using (var plain = await TcpConnection.ConnectAsync(listener.LocalEndPoint!).AsTask().WaitAsync(PipeRead.Timeout))
        {
            await plain.Output.WriteAsync("HELO\r\n"u8.ToArray());
            await log.NextAsync();
        }

        // Other tests may measure concurrently: only presence is certain.
        lock (seen)
        {
            Assert.Contains(seen, m => m is { Name: "netprimitives.server.tls_handshake.failures", Tag: "error.type=not_tls" });
            Assert.Contains(seen, m => m is { Name: "netprimitives.server.tls_handshake.duration", Tag: "error.type=not_tls" });
            Assert.Contains(seen, m => m.Name == "netprimitives.server.tls_handshake.duration" && m.Tag is "tls.protocol.version=1.3" or "tls.protocol.version=1.2");
        }
    }

    [Fact]
    public void Server_options_without_a_certificate_are_refused_when_the_listener_is_made()
    {
        var options = new TcpServerOptions { Tls = new SslServerAuthenticationOptions() };
        Assert.Throws<ArgumentException>(() => new TcpConnectionListener(options, Echo));
    }

    [Fact]
    public async Task AcceptAsync_refuses_client_TLS_options()
    {
        var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        try
        {
            await Assert.ThrowsAsync<ArgumentException>(() => TcpConnection.AcceptAsync(server, new TcpConnectionOptions { Tls = Ca.ClientOptions() }).AsTask());
        }
        finally
        {
            server.Stop();
        }
    }

    /// <summary>The listener's handshake failures (log event 117), in order, each reason as soon as it is logged.</summary>
    internal sealed class HandshakeLog : ILogger
    {
        private readonly System.Threading.Channels.Channel<TlsHandshakeFailure> _failures = System.Threading.Channels.Channel.CreateUnbounded<TlsHandshakeFailure>();

        public bool Any => _failures.Reader.Count > 0;

        public Task<TlsHandshakeFailure> NextAsync() => _failures.Reader.ReadAsync().AsTask().WaitAsync(PipeRead.Timeout);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 117 && state is IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                _failures.Writer.TryWrite((TlsHandshakeFailure)fields.First(f => f.Key == "Reason").Value!);
            }
        }
    }
}
