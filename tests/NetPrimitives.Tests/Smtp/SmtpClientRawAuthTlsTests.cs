using System.Net;
using NetPrimitives.Smtp;

namespace NetPrimitives.Tests.Smtp;

public sealed class SmtpClientRawAuthTlsTests
{
    private static readonly TimeSpan Patience = SmtpSessionFixture.Patience;

    private const string AuthEhlo = "250-test.local\n250-AUTH LOGIN\n250 STARTTLS";

    [Fact]
    public async Task Auth_login_secrets_never_reach_the_logger_or_the_transcript()
    {
        var user = Convert.ToBase64String("alice"u8);
        var password = Convert.ToBase64String("p4ss-w0rd"u8);
        var writer = new StringWriter();
        var logger = new CapturingLogger();
        await using var f = await SmtpSessionFixture.StartAsync(
            s =>
            {
                s.Ehlo = AuthEhlo;
                s.OnCommand = c => c == "AUTH LOGIN" ? "334 VXNlcm5hbWU6" : c == user ? "334 UGFzc3dvcmQ6" : c == password ? "235 2.7.0 Authentication successful" : null;
            },
            new SmtpClientRawOptions { Transcript = writer },
            logger);
        var reply = await f.Client.AuthenticateAsync(new NetworkCredential("alice", "p4ss-w0rd")).AsTask().WaitAsync(Patience);
        Assert.Equal(235, reply.Code);
        Assert.True(f.Client.IsAuthenticated);
        Assert.Equal(["AUTH LOGIN", user, password], f.Server.CommandsSnapshot()[1..]);

        var everything = writer + string.Join('\n', logger.Entries.Select(e => e.Message));
        Assert.DoesNotContain(user, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("p4ss-w0rd", everything, StringComparison.Ordinal);
        Assert.Contains("--> [********]", writer.ToString(), StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.EventId == 508);
    }

    [Fact]
    public async Task Auth_plain_refused_is_a_command_error_and_the_session_goes_on()
    {
        await using var f = await SmtpSessionFixture.StartAsync(s =>
        {
            s.Ehlo = "250-test.local\n250-ENHANCEDSTATUSCODES\n250 AUTH PLAIN LOGIN";
            s.OnCommand = c => c.StartsWith("AUTH PLAIN ", StringComparison.Ordinal) ? "535 5.7.8 Authentication credentials invalid" : null;
        });
        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => f.Client.AuthenticateAsync(new NetworkCredential("u", "bad")).AsTask().WaitAsync(Patience));
        Assert.Equal(535, error.ReplyCode);
        Assert.Equal("AUTH PLAIN", error.Command);
        Assert.Equal(new SmtpEnhancedStatusCode(5, 7, 8), error.EnhancedStatusCode);
        Assert.Equal($"AUTH PLAIN {Convert.ToBase64String("\0u\0bad"u8)}", f.Server.CommandsSnapshot()[^1]);
        Assert.Equal(250, (await f.Client.NoopAsync().AsTask().WaitAsync(Patience)).Code);
        await Assert.ThrowsAsync<NotSupportedException>(() => f.Client.AuthenticateAsync(new NetworkCredential("u", "p"), "CRAM-MD5").AsTask());
    }

    [Fact]
    public async Task Bytes_injected_after_the_starttls_220_are_refused()
    {
        await using var f = await SmtpSessionFixture.StartAsync(s =>
        {
            s.Ehlo = AuthEhlo;
            s.OnCommand = c => c == "STARTTLS" ? "220 2.0.0 Ready to start TLS\n250-injected\n250 AUTH PLAIN" : null;
        });
        var error = await Assert.ThrowsAsync<SmtpProtocolException>(() => f.Client.StartTlsAsync().AsTask().WaitAsync(Patience));
        Assert.Contains("injection", error.Message, StringComparison.Ordinal);
        Assert.False(f.Client.IsSecure);
    }

    [Fact]
    public async Task Starttls_refused_keeps_the_plain_session_unless_tls_is_required()
    {
        await using (var f = await SmtpSessionFixture.StartAsync(s =>
        {
            s.Ehlo = AuthEhlo;
            s.OnCommand = c => c == "STARTTLS" ? "454 4.7.0 TLS not available due to temporary reason" : null;
        }))
        {
            var error = await Assert.ThrowsAsync<SmtpTlsRequiredException>(() => f.Client.StartTlsAsync().AsTask().WaitAsync(Patience));
            Assert.Equal(454, Assert.IsType<SmtpCommandException>(error.InnerException).ReplyCode);
            Assert.Equal(250, (await f.Client.NoopAsync().AsTask().WaitAsync(Patience)).Code);
        }

        var required = SmtpSessionFixture.StartServer(s =>
        {
            s.Ehlo = AuthEhlo;
            s.OnCommand = c => c == "STARTTLS" ? "454 4.7.0 TLS not available" : null;
        });
        await Assert.ThrowsAsync<SmtpTlsRequiredException>(() => required.ConnectAsync(new SmtpClientRawOptions { StartTls = SmtpStartTlsPolicy.Required }));
        Assert.Equal(["EHLO client.test", "STARTTLS"], required.Server.CommandsSnapshot());
        await required.ServerRun.WaitAsync(Patience);
    }
}
