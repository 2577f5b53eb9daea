using NetPrimitives.Smtp;
using NetPrimitives.Tests.Infrastructure;
using NetPrimitives.Tests.Transport;
using NetPrimitives.Transport;

namespace NetPrimitives.Tests.Smtp;

/// <summary>Implicit TLS (RFC 8314): the scripted server behind our own TLS listener, SmtpClientRaw connecting with ImplicitTls.</summary>
public sealed class SmtpClientRawImplicitTlsTests
{
    private static readonly TestCertificateAuthority Ca = TestCertificateAuthority.Shared;

    private static TcpConnectionListener StartServer(ScriptedSmtpServer[] last, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var listener = new TcpConnectionListener(new TcpServerOptions { Tls = Ca.ServerOptions(certificate) }, (connection, stopping) =>
        {
            last[0] = new ScriptedSmtpServer(connection) { Ehlo = ScriptedSmtpServer.DefaultEhlo.Replace("250 SMTPUTF8", "250-SMTPUTF8", StringComparison.Ordinal) + "\n250 STARTTLS" };
            return last[0].RunAsync(stopping);
        });
        listener.Start();
        return listener;
    }

    [Fact]
    public async Task The_whole_session_runs_over_TLS_from_the_first_byte()
    {
        var server = new ScriptedSmtpServer[1];
        await using var listener = StartServer(server);
        var transcript = new StringWriter();
        var options = new SmtpClientRawOptions { LocalDomain = "client.test", ImplicitTls = true, StartTls = SmtpStartTlsPolicy.Required, ServerCertificateValidation = Ca.Validate, Transcript = transcript };
        await using var client = await SmtpClientRaw.ConnectAsync("localhost", listener.LocalEndPoint!.Port, options).AsTask().WaitAsync(PipeRead.Timeout);

        Assert.True(client.IsSecure);
        Assert.NotEqual(System.Security.Authentication.SslProtocols.None, client.TlsProtocol);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.StartTlsAsync().AsTask()); // TLS is on already
        var result = await client.SendMailAsync("a@example.org", ["b@example.org"], "Subject: s\r\n\r\nover tls\r\n").AsTask().WaitAsync(PipeRead.Timeout);
        Assert.Equal(250, result.Reply.Code);
        await client.QuitAsync().AsTask().WaitAsync(PipeRead.Timeout);

        Assert.Equal("Subject: s\r\n\r\nover tls\r\n"u8.ToArray(), Assert.Single(server[0].Messages));
        Assert.DoesNotContain("STARTTLS", server[0].CommandsSnapshot()); // the policy is not applied to a secure session
        Assert.Contains("implicit TLS", transcript.ToString());
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused_before_anything_is_sent()
    {
        var server = new ScriptedSmtpServer[1];
        await using var listener = StartServer(server, Ca.WrongName);
        var options = new SmtpClientRawOptions { ImplicitTls = true, ServerCertificateValidation = Ca.Validate };
        var error = await Assert.ThrowsAsync<TlsHandshakeException>(() => SmtpClientRaw.ConnectAsync("localhost", listener.LocalEndPoint!.Port, options).AsTask().WaitAsync(PipeRead.Timeout));
        Assert.Equal(TlsHandshakeFailure.CertificateRejected, error.Reason);
        Assert.True(error.CertificateErrors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch), error.CertificateErrors.ToString());
        await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 0, "the refused connection is gone");
        Assert.True(server[0] is null || server[0].CommandsSnapshot().Length == 0);
    }
}
