using System.Diagnostics;
using System.Net.Security;
using NetPrimitives.Tcp;
using NetPrimitives.Tests.Infrastructure;
using NetPrimitives.Transport;

namespace NetPrimitives.IntegrationTests.Tcp;

/// <summary>A real TLS client, <c>openssl s_client</c>, against the EchoServer over TLS, trusting the test authority.</summary>
public sealed class EchoServerOpenSslTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TestCertificateAuthority Ca = TestCertificateAuthority.Shared;
    private readonly string _folder = Directory.CreateTempSubdirectory("np-openssl-").FullName;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    private async Task<EchoServer> StartAsync(SslServerAuthenticationOptions tls)
    {
        var server = new EchoServer(new EchoServerOptions { Mode = EchoMode.Lines, Transform = EchoTransforms.UpperCase, Tls = tls });
        await server.StartAsync();
        return server;
    }

    // Runs s_client with the authority's root as its only trust, the verification made fatal, sends one line and
    // returns the first line that came back (null when none did) and what s_client said (stderr).
    private async Task<(string? Out, string Err, int Exit)> SClientAsync(EchoServer server, string line, params string[] extra)
    {
        var openssl = Peers.Require("openssl", "a real TLS client for the EchoServer over TLS");
        var (ca, _, _) = Ca.WritePem(_folder);
        var start = new ProcessStartInfo(openssl) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "s_client", "-connect", $"127.0.0.1:{server.LocalEndPoint.Port}", "-CAfile", ca, "-verify_return_error", "-quiet", "-no_ign_eof" }.Concat(extra))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string? reply;
        try
        {
            await process.StandardInput.WriteAsync(line + "\n");
            await process.StandardInput.FlushAsync();

            // Wait for the answer (or the end, when the handshake failed), then close stdin: -no_ign_eof makes
            // s_client end the session at end of input, which it would otherwise do before the answer arrived.
            reply = await process.StandardOutput.ReadLineAsync().WaitAsync(Patience);
            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(Patience);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        return (reply, await stderr.WaitAsync(Patience), process.ExitCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task Openssl_verifies_the_certificate_and_its_line_comes_back_transformed(string name)
    {
        await using var server = await StartAsync(Ca.ServerOptions());
        var (output, error, _) = await SClientAsync(server, "hello over tls", name == "localhost" ? ["-verify_hostname", name] : ["-verify_ip", name]);
        Assert.Equal("HELLO OVER TLS", output);
        Assert.Contains("verify return:1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openssl_refuses_a_certificate_for_another_name_and_the_server_goes_on()
    {
        await using var server = await StartAsync(Ca.ServerOptions(Ca.WrongName));
        var (output, error, exit) = await SClientAsync(server, "nothing", "-verify_hostname", "localhost");
        Assert.NotEqual(0, exit);
        Assert.Null(output);
        Assert.Contains("hostname mismatch", error, StringComparison.OrdinalIgnoreCase);

        // Our own client, told to expect that name, is served by the same server afterwards.
        var tls = Ca.ClientOptions("wrong.example");
        await using var client = await TcpConnection.ConnectAsync("127.0.0.1", server.LocalEndPoint.Port, new TcpConnectionOptions { Tls = tls }).AsTask().WaitAsync(Patience);
        await client.Output.WriteAsync("still here\n"u8.ToArray());
        var reply = await client.Input.ReadAtLeastAsync(12).AsTask().WaitAsync(Patience);
        Assert.Equal("STILL HERE\r\n", Encoding.ASCII.GetString(reply.Buffer.Slice(0, 12).ToArray()));
    }
}
