using System.Net;
using NetPrimitives.Smtp;
using NetPrimitives.Tests.Infrastructure;
using NetPrimitives.Transport;

namespace NetPrimitives.IntegrationTests.Smtp;

/// <summary>SmtpClientRaw against a real server, aiosmtpd, on loopback.</summary>
public sealed class SmtpClientRawAiosmtpdTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static SmtpClientRawOptions Options(AiosmtpdSink sink, SmtpStartTlsPolicy tls = SmtpStartTlsPolicy.Never, TextWriter? transcript = null) => new()
    {
        LocalDomain = "client.test",
        StartTls = tls,
        ServerCertificateValidation = sink.Validate,
        Transcript = transcript,
    };

    public static TheoryData<string, string> Messages() => new()
    {
        { "dot lines", "Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\n. dot space\r\nend\r\n" },
        { "lone dot", "Subject: lone\r\n\r\nbefore\r\n.\r\nafter\r\n.\r\n" },
        { "8-bit", "Subject: 8bit\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße, ça va? Ωμέγα 日本語\r\n" },
        { "long lines", "Subject: long\r\n\r\n" + new string('x', 998) + "\r\n." + new string('y', 997) + "\r\n" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task Delivered_bytes_equal_what_was_sent(string name, string message)
    {
        await using var sink = await AiosmtpdSink.StartAsync();
        await using var client = await SmtpClientRaw.ConnectAsync("127.0.0.1", sink.Port, Options(sink)).AsTask().WaitAsync(Patience);
        var bytes = Encoding.UTF8.GetBytes(message);
        var result = await client.SendMailAsync("sender@example.org", ["rcpt@example.org"], bytes).AsTask().WaitAsync(Patience);
        Assert.Equal(250, result.Reply.Code);
        Assert.True(bytes.AsSpan().SequenceEqual(sink.Message(1)), name);
        Assert.Equal("sender@example.org", sink.Envelope(1).GetProperty("from").GetString());
        await client.QuitAsync().AsTask().WaitAsync(Patience);
    }

    [Fact]
    public async Task Ten_megabyte_body_arrives_byte_for_byte()
    {
        await using var sink = await AiosmtpdSink.StartAsync();
        await using var client = await SmtpClientRaw.ConnectAsync("127.0.0.1", sink.Port, Options(sink)).AsTask().WaitAsync(Patience);
        var line = Encoding.ASCII.GetBytes(".0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n");
        var body = new byte[10 * 1024 * 1024 / line.Length * line.Length];
        for (var i = 0; i < body.Length; i += line.Length)
        {
            line.CopyTo(body, i);
        }

        await using var stream = new MemoryStream(body);
        var result = await client.SendMailAsync("sender@example.org", ["rcpt@example.org"], stream).AsTask().WaitAsync(Patience);
        Assert.Equal(250, result.Reply.Code);
        Assert.Equal(body.Length + (body.Length / line.Length) + 3, result.BytesSent);
        Assert.True(body.AsSpan().SequenceEqual(sink.Message(1)));
        Assert.Contains($"SIZE={body.Length}", sink.Envelope(1).GetProperty("mail_options").EnumerateArray().Select(o => o.GetString()));
    }

    [Fact]
    public async Task Several_messages_partial_refusal_and_a_refused_long_line_over_one_connection()
    {
        await using var sink = await AiosmtpdSink.StartAsync();
        await using var client = await SmtpClientRaw.ConnectAsync("127.0.0.1", sink.Port, Options(sink)).AsTask().WaitAsync(Patience);
        Assert.True(client.Capabilities.EightBitMime);
        Assert.Equal(33554432, client.Capabilities.MaxMessageSize);

        var partial = await client.SendMailAsync("a@example.org", ["ok@example.org", "refused@example.org"], "Subject: 1\r\n\r\none\r\n").AsTask().WaitAsync(Patience);
        Assert.Equal("refused@example.org", Assert.Single(partial.RefusedRecipients).Address);
        Assert.Equal(550, partial.RefusedRecipients[0].Reply.Code);

        var none = await Assert.ThrowsAsync<SmtpRecipientsRefusedException>(() => client.SendMailAsync("a@example.org", ["refused1@example.org", "refused2@example.org"], "x").AsTask().WaitAsync(Patience));
        Assert.Equal(550, none.ReplyCode);

        // RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets; aiosmtpd refuses longer ones after the data.
        var tooLong = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendMailAsync("a@example.org", ["ok@example.org"], new string('z', 5000)).AsTask().WaitAsync(Patience));
        Assert.Equal(500, tooLong.ReplyCode);
        Assert.Equal("DATA (end of message)", tooLong.Command);

        var last = await client.SendMailAsync("a@example.org", ["ok@example.org"], "Subject: 2\r\n\r\ntwo\r\n").AsTask().WaitAsync(Patience);
        Assert.Equal("2.0.0 Ok: stored 2", last.Reply.Text);
        Assert.Null(last.Reply.EnhancedStatusCode); // aiosmtpd does not advertise ENHANCEDSTATUSCODES
        Assert.Equal("Subject: 2\r\n\r\ntwo\r\n", Encoding.UTF8.GetString(sink.Message(2)));
        Assert.Equal(221, (await client.QuitAsync().AsTask().WaitAsync(Patience))!.Code);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task Starttls_with_a_self_signed_certificate_then_auth(string mechanism)
    {
        await using var sink = await AiosmtpdSink.StartAsync(tls: true);
        var transcript = new StringWriter();
        await using var client = await SmtpClientRaw.ConnectAsync("127.0.0.1", sink.Port, Options(sink, SmtpStartTlsPolicy.Required, transcript)).AsTask().WaitAsync(Patience);
        Assert.True(client.IsSecure);
        Assert.NotEqual(System.Security.Authentication.SslProtocols.None, client.TlsProtocol);
        Assert.False(client.Capabilities.StartTls);
        Assert.Contains(mechanism, client.Capabilities.AuthMechanisms);

        var wrong = await Assert.ThrowsAsync<SmtpCommandException>(() => client.AuthenticateAsync(new NetworkCredential("user", "wrong"), mechanism).AsTask().WaitAsync(Patience));
        Assert.Equal(535, wrong.ReplyCode);
        Assert.False(client.IsAuthenticated);

        var ok = await client.AuthenticateAsync(new NetworkCredential("user", "secret"), mechanism).AsTask().WaitAsync(Patience);
        Assert.Equal(235, ok.Code);
        Assert.True(client.IsAuthenticated);
        await client.SendMailAsync("a@example.org", ["b@example.org"], "Subject: tls\r\n\r\nsecure\r\n").AsTask().WaitAsync(Patience);
        var envelope = sink.Envelope(1);
        Assert.True(envelope.GetProperty("tls").GetBoolean());
        Assert.True(envelope.GetProperty("authenticated").GetBoolean());

        var text = transcript.ToString();
        Assert.Contains("--> [STARTTLS]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("secret"u8), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("\0user\0secret"u8), text, StringComparison.Ordinal);
        Assert.Contains("********", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Untrusted_certificate_fails_the_handshake()
    {
        await using var sink = await AiosmtpdSink.StartAsync(tls: true);
        var options = Options(sink, SmtpStartTlsPolicy.Required);
        options.ServerCertificateValidation = null;
        var error = await Assert.ThrowsAsync<SmtpException>(() => SmtpClientRaw.ConnectAsync("127.0.0.1", sink.Port, options).AsTask().WaitAsync(Patience));
        Assert.IsType<System.Security.Authentication.AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task Required_tls_against_a_server_without_starttls_refuses_to_continue()
    {
        await using var sink = await AiosmtpdSink.StartAsync(tls: false);
        await Assert.ThrowsAsync<SmtpTlsRequiredException>(() => SmtpClientRaw.ConnectAsync("127.0.0.1", sink.Port, Options(sink, SmtpStartTlsPolicy.Required)).AsTask().WaitAsync(Patience));

        await using var opportunistic = await SmtpClientRaw.ConnectAsync("127.0.0.1", sink.Port, Options(sink, SmtpStartTlsPolicy.WhenAvailable)).AsTask().WaitAsync(Patience);
        Assert.False(opportunistic.IsSecure);
        await Assert.ThrowsAsync<NotSupportedException>(() => opportunistic.AuthenticateAsync(new NetworkCredential("user", "secret")).AsTask());
    }

    [Fact]
    public async Task Implicit_tls_from_the_first_byte_then_auth_and_a_message()
    {
        await using var sink = await AiosmtpdSink.StartAsync(implicitTls: true);
        var transcript = new StringWriter();
        var options = Options(sink, transcript: transcript);
        options.ImplicitTls = true;
        await using var client = await SmtpClientRaw.ConnectAsync("127.0.0.1", sink.Port, options).AsTask().WaitAsync(Patience);
        Assert.True(client.IsSecure);
        Assert.False(client.Capabilities.StartTls); // nothing to upgrade
        var ok = await client.AuthenticateAsync(new NetworkCredential("user", "secret")).AsTask().WaitAsync(Patience);
        Assert.Equal(235, ok.Code);
        await client.SendMailAsync("a@example.org", ["b@example.org"], "Subject: 465\r\n\r\nimplicit\r\n").AsTask().WaitAsync(Patience);
        Assert.Equal("Subject: 465\r\n\r\nimplicit\r\n"u8.ToArray(), sink.Message(1));
        Assert.True(sink.Envelope(1).GetProperty("authenticated").GetBoolean());
        await client.QuitAsync().AsTask().WaitAsync(Patience);
        Assert.DoesNotContain("STARTTLS", transcript.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Implicit_tls_with_an_untrusted_certificate_fails_in_the_connect()
    {
        await using var sink = await AiosmtpdSink.StartAsync(implicitTls: true);
        var options = Options(sink);
        options.ImplicitTls = true;
        options.ServerCertificateValidation = null; // the system's trust store does not know the sink's self-signed certificate
        var error = await Assert.ThrowsAsync<NetPrimitives.Transport.TlsHandshakeException>(() => SmtpClientRaw.ConnectAsync("127.0.0.1", sink.Port, options).AsTask().WaitAsync(Patience));
        Assert.Equal(NetPrimitives.Transport.TlsHandshakeFailure.CertificateRejected, error.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Starttls_and_implicit_tls_trusting_the_test_authority_check_the_name(bool implicitTls)
    {
        var ca = TestCertificateAuthority.Shared;
        await using var sink = await AiosmtpdSink.StartAsync(tls: !implicitTls, implicitTls: implicitTls, certificate: ca.Server);
        var options = Options(sink, implicitTls ? SmtpStartTlsPolicy.Never : SmtpStartTlsPolicy.Required);
        options.ImplicitTls = implicitTls;
        options.ServerCertificateValidation = ca.Validate; // the authority's root, and the system's name check
        await using (var client = await SmtpClientRaw.ConnectAsync("localhost", sink.Port, options).AsTask().WaitAsync(Patience))
        {
            Assert.True(client.IsSecure);
            await client.SendMailAsync("a@example.org", ["b@example.org"], "Subject: ca\r\n\r\ntrusted\r\n").AsTask().WaitAsync(Patience);
            await client.QuitAsync().AsTask().WaitAsync(Patience);
        }

        Assert.Equal("Subject: ca\r\n\r\ntrusted\r\n"u8.ToArray(), sink.Message(1));
        Assert.True(sink.Envelope(1).GetProperty("tls").GetBoolean());

        // The same server under a name its certificate does not carry: refused by the name check, nothing sent.
        options.TlsTargetHost = "wrong.example";
        var refused = await Assert.ThrowsAnyAsync<IOException>(() => SmtpClientRaw.ConnectAsync("127.0.0.1", sink.Port, options).AsTask().WaitAsync(Patience));
        if (implicitTls)
        {
            Assert.Equal(TlsHandshakeFailure.CertificateRejected, Assert.IsType<TlsHandshakeException>(refused).Reason);
        }
        else
        {
            Assert.IsType<System.Security.Authentication.AuthenticationException>(Assert.IsType<SmtpException>(refused).InnerException);
        }
    }
}
