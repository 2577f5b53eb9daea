using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Smtp;

/// <summary>
/// A real SMTP server, aiosmtpd (Debian package python3-aiosmtpd), started on 127.0.0.1 with port 0 by
/// Peers/smtp_sink.py. Skips the test (fails in CI) when no python3 can import aiosmtpd.
/// </summary>
internal sealed class AiosmtpdSink : IAsyncDisposable
{
    private readonly Process _process;
    private readonly bool _ownsCertificate;

    private AiosmtpdSink(Process process, string directory, int port, X509Certificate2? certificate, bool ownsCertificate)
    {
        _process = process;
        _ownsCertificate = ownsCertificate;
        Directory = directory;
        Port = port;
        Certificate = certificate;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>The certificate the server uses for TLS, if any: self-signed, or the one given to <see cref="StartAsync"/>.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Trusts exactly the sink's certificate.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, System.Net.Security.SslPolicyErrors errors) =>
        certificate is not null && Certificate is not null && certificate.GetCertHashString() == Certificate.GetCertHashString();

    /// <summary>
    /// Starts the sink: plain, with STARTTLS (<paramref name="tls"/>), or with implicit TLS from the first byte
    /// (<paramref name="implicitTls"/>); with TLS it presents <paramref name="certificate"/> (with its ECDSA key, e.g.
    /// one the test authority issued), else a self-signed certificate of its own.
    /// </summary>
    public static async Task<AiosmtpdSink> StartAsync(bool tls = false, bool implicitTls = false, X509Certificate2? certificate = null)
    {
        var python = FindInterpreter();
        var directory = Path.Combine(Path.GetTempPath(), $"aiosmtpd-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var script = Path.Combine(AppContext.BaseDirectory, "Peers", "smtp_sink.py");
        var start = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(directory);
        var ownsCertificate = false;
        if ((tls || implicitTls) && certificate is not null)
        {
            var (_, certPath, keyPath) = TestCertificateAuthority.Shared.WritePem(directory, certificate);
            start.ArgumentList.Add(certPath);
            start.ArgumentList.Add(keyPath);
        }
        else if (tls || implicitTls)
        {
            certificate = CreateCertificate(directory, start);
            ownsCertificate = true;
        }
        else
        {
            certificate = null;
        }

        if (implicitTls)
        {
            start.ArgumentList.Add("implicit");
        }

        var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (!int.TryParse(line, out var port))
        {
            process.Kill();
            throw new InvalidOperationException($"smtp_sink.py did not print its port: {line} {await stderr.WaitAsync(TimeSpan.FromSeconds(5))}");
        }

        return new AiosmtpdSink(process, directory, port, certificate, ownsCertificate);
    }

    public byte[] Message(int number) => File.ReadAllBytes(Path.Combine(Directory, $"{number:0000}.eml"));

    public JsonElement Envelope(int number) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, $"{number:0000}.json"))).RootElement;

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
            if (_ownsCertificate)
            {
                Certificate?.Dispose();
            }
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>
    /// Debian's python3-aiosmtpd lives in /usr/lib/python3/dist-packages, which a pyenv python3 first on PATH
    /// cannot import; so /usr/bin/python3 is tried first, then python3 on PATH.
    /// </summary>
    private static string FindInterpreter()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", Peers.Find("python3") })
        {
            if (candidate is null || !File.Exists(candidate))
            {
                continue;
            }

            using var probe = Process.Start(new ProcessStartInfo(candidate, ["-c", "import aiosmtpd"]) { RedirectStandardError = true })!;
            probe.WaitForExit(TimeSpan.FromSeconds(30));
            if (probe.HasExited && probe.ExitCode == 0)
            {
                return candidate;
            }
        }

        Peers.Unavailable("python3-aiosmtpd is not installed (a real SMTP server for SmtpClientRaw's tests); .ci/run installs it");
        return null!;
    }

    private static X509Certificate2 CreateCertificate(string directory, ProcessStartInfo start)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        start.ArgumentList.Add(certPath);
        start.ArgumentList.Add(keyPath);
        return certificate;
    }
}
