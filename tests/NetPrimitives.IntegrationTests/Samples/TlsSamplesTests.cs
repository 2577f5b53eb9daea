using System.Security.Cryptography.X509Certificates;
using NetPrimitives.IntegrationTests.Framing;
using NetPrimitives.IntegrationTests.Http;
using NetPrimitives.IntegrationTests.Smtp;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>
/// The TLS flags of samples/MiniHttp (<c>--cert</c>), Echo (server <c>--cert</c>, client <c>--tls</c>) and SmtpSend
/// (<c>--tls implicit|starttls</c>), run as a user runs them, with certificate files the test authority wrote to a
/// temporary folder, against curl, each other and aiosmtpd.
/// </summary>
public sealed class TlsSamplesTests : IDisposable
{
    private const string Password = "s3cret";
    private static readonly TestCertificateAuthority Ca = TestCertificateAuthority.Shared;
    private readonly string _folder = Directory.CreateTempSubdirectory("np-tls-samples-").FullName;
    private readonly string _ca;
    private readonly string _cert;
    private readonly string _key;

    public TlsSamplesTests() => (_ca, _cert, _key) = Ca.WritePem(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // The certificate as a user may hold it: PEM certificate and key apart, both in one PEM file, a PFX with a password.
    private string[] CertArguments(string form) => form switch
    {
        "pem+key" => ["--cert", _cert, "--cert-key", _key],
        "pem" => ["--cert", Write("both.pem", File.ReadAllText(_cert) + "\n" + File.ReadAllText(_key))],
        "pfx" => ["--cert", Write("server.pfx", Ca.Server.Export(X509ContentType.Pfx, Password)), "--cert-password", Password],
        _ => throw new ArgumentOutOfRangeException(nameof(form), form, null),
    };

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData("pem+key")]
    [InlineData("pem")]
    [InlineData("pfx")]
    public async Task MiniHttp_with_a_certificate_file_prints_https_and_curl_trusting_the_authority_gets_the_pages(string form)
    {
        await using var server = SampleRunner.Start("MiniHttp", ["--port", "0", .. CertArguments(form)]);
        const string Prefix = "Serving on https://";
        var line = await server.WaitForLineAsync(Prefix);
        var port = line[(line.LastIndexOf(':') + 1)..line.IndexOf('/', Prefix.Length)];

        var (exit, output, error) = await Curl.RunAsync("--cacert", _ca, "--verbose", $"https://localhost:{port}/", $"https://localhost:{port}/missing");
        Assert.True(exit == 0, error);
        Assert.Contains("CLIENT VALUES:", output, StringComparison.Ordinal);
        Assert.Contains("ALPN: server accepted http/1.1", error, StringComparison.Ordinal);
        Assert.Contains("< HTTP/1.1 404", error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadCertificates() => new()
    {
        { "MiniHttp", "missing", "--cert: file not found (" },
        { "MiniHttp", "a folder", "--cert: cannot read " },
        { "MiniHttp", "no key", "the private key goes in the file or in --cert-key" },
        { "MiniHttp", "key missing", "--cert-key: file not found (" },
        { "MiniHttp", "no password", "(a password-protected PFX needs --cert-password)" },
        { "MiniHttp", "wrong password", "(is --cert-password right?)" },
        { "Echo", "wrong password", "(is --cert-password right?)" },
        { "Echo", "no key", "the private key goes in the file or in --cert-key" },
    };

    [Theory]
    [MemberData(nameof(BadCertificates))]
    public async Task A_certificate_that_cannot_be_loaded_is_one_line_on_stderr_and_exit_2(string sample, string problem, string expected)
    {
        var pfx = Write("server.pfx", Ca.Server.Export(X509ContentType.Pfx, Password));
        string[] cert = problem switch
        {
            "missing" => ["--cert", Path.Combine(_folder, "nope.pem")],
            "a folder" => ["--cert", _folder],
            "no key" => ["--cert", _cert],
            "key missing" => ["--cert", _cert, "--cert-key", Path.Combine(_folder, "nokey.pem")],
            "no password" => ["--cert", pfx],
            "wrong password" => ["--cert", pfx, "--cert-password", "wrong"],
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
        };
        string[] arguments = sample == "Echo" ? ["server", "--port", "0", .. cert] : ["--port", "0", .. cert];

        var (exit, stdout, stderr) = await SampleRunner.RunAsync(sample, null, arguments);
        Assert.Equal(2, exit);
        Assert.False(SampleRunner.HasStackTrace(stderr), stderr);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{sample}: --cert", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Serving on", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("starting up", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_client_with_tls_against_the_echo_server_with_a_certificate()
    {
        await using var server = SampleRunner.Start("Echo", ["server", "--port", "0", .. CertArguments("pem+key")]);
        const string Prefix = "starting up on ";
        var line = await server.WaitForLineAsync(Prefix);
        Assert.Contains("(TLS, certificate CN=localhost)", line, StringComparison.Ordinal);
        var endPoint = line[Prefix.Length..].Split(' ')[0];
        var port = endPoint[(endPoint.LastIndexOf(':') + 1)..];

        // --insecure (test only): any certificate.
        var (exit, stdout, stderr) = await SampleRunner.RunAsync("Echo", null, "client", "--port", port, "--tls", "--insecure", "any", "certificate");
        Assert.True(exit == 0, stderr);
        Assert.Contains(" over Tls1", stdout, StringComparison.Ordinal);
        Assert.Contains("echoed back \"any certificate\"", stdout, StringComparison.Ordinal);

        // Trusting the authority, the name checked.
        (exit, stdout, stderr) = await SampleRunner.RunAsync("Echo", null, "client", "--host", "localhost", "--port", port, "--tls", "--cacert", _ca, "by", "name");
        Assert.True(exit == 0, stderr);
        Assert.Contains("echoed back \"by name\"", stdout, StringComparison.Ordinal);
        await server.WaitForLineAsync("received \"by name\"");

        // The system's trust alone does not know the test authority: refused, one line, exit 1; the server goes on.
        (exit, _, stderr) = await SampleRunner.RunAsync("Echo", null, "client", "--port", port, "--tls", "untrusted");
        Assert.Equal(1, exit);
        Assert.StartsWith("Echo: The certificate of 127.0.0.1:", stderr, StringComparison.Ordinal);
        Assert.False(SampleRunner.HasStackTrace(stderr), stderr);

        (exit, stdout, stderr) = await SampleRunner.RunAsync("Echo", null, "client", "--port", port, "--tls", "--cacert", _ca, "still", "serving");
        Assert.True(exit == 0, stderr);
        Assert.Contains("echoed back \"still serving\"", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("implicit")]
    [InlineData("starttls")]
    public async Task SmtpSend_with_tls_trusting_the_authority_delivers_to_aiosmtpd(string mode)
    {
        await using var sink = await AiosmtpdSink.StartAsync(tls: mode == "starttls", implicitTls: mode == "implicit", certificate: Ca.Server);
        var port = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] mail = ["--host", "localhost", "--port", port, "--from", "a@example.org", "--to", "b@example.org", "--subject", mode, "--verbose"];

        var (exit, stdout, stderr) = await SampleRunner.RunAsync("SmtpSend", null, [.. mail, "--tls", mode, "--cacert", _ca]);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Message sent: 250 2.0.0 Ok: stored 1", stdout, StringComparison.Ordinal);
        Assert.Equal(mode == "starttls", stdout.Contains("--> [STARTTLS]", StringComparison.Ordinal));
        Assert.True(sink.Envelope(1).GetProperty("tls").GetBoolean());

        // Without the authority the system's trust refuses the certificate: one line, exit 1, nothing stored.
        (exit, _, stderr) = await SampleRunner.RunAsync("SmtpSend", null, [.. mail, "--tls", mode]);
        Assert.Equal(1, exit);
        Assert.False(SampleRunner.HasStackTrace(stderr), stderr);
        Assert.StartsWith("SmtpSend: ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(sink.Directory, "0002.eml")));
    }

    [Theory]
    [InlineData("Echo", "--insecure: only with --tls", "client", "--insecure", "hi")]
    [InlineData("Echo", "--insecure: not with --cacert", "client", "--tls", "--insecure", "--cacert", "ca.pem", "hi")]
    [InlineData("MiniHttp", "--cert-password: only with --cert", "--cert-password", "x")]
    [InlineData("SmtpSend", "--tls: ssl is not implicit, starttls or none", "--tls", "ssl", "--to", "a@example.org")]
    [InlineData("SmtpSend", "--cacert: only with --tls implicit or --tls starttls", "--cacert", "ca.pem", "--to", "a@example.org")]
    public async Task Tls_flags_out_of_place_are_usage_errors(string sample, string expected, params string[] arguments)
    {
        var (exit, _, stderr) = await SampleRunner.RunAsync(sample, null, arguments);
        Assert.Equal(2, exit);
        Assert.Contains($"{sample}: {expected}", stderr, StringComparison.Ordinal);
    }
}
