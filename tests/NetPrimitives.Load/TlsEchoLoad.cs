using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

/// <summary>
/// tcp-tls: the echo load of tcp-echo (-c clients, -m messages of -s bytes in flight each) against our EchoServer in
/// plain TCP and over TLS, alternating in each round, each server in its own process (tcp-server, with --tls for a
/// self-signed ECDSA P-256 certificate it makes at start). Both clients are streams (NetworkStream, SslStream over
/// it), so the difference is TLS alone. Reports messages/s and the server's CPU time per message.
/// </summary>
internal static class TlsEchoLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args);
        if (options is null)
        {
            return 2;
        }

        var results = new Dictionary<bool, List<(double PerSecond, double ServerUs, long Errors)>> { [false] = [], [true] = [] };
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var tls in round % 2 == 1 ? new[] { false, true } : [true, false])
            {
                List<string> serverArgs = ["tcp-server", "--impl", "ours", "-p", "0", "-z", (options.Seconds * 3 + 60).ToString(CultureInfo.InvariantCulture)];
                if (tls)
                {
                    serverArgs.Add("--tls");
                }

                await using var server = await ServerProcess.StartAsync(serverArgs, options.ServerCpus);
                var endPoint = new IPEndPoint(IPAddress.Loopback, server.Port);
                await MeasureAsync(endPoint, tls, options, options.WarmUpSeconds); // the JIT's tier-up, not counted
                var cpu = server.CpuTime;
                var (messages, seconds, errors) = await MeasureAsync(endPoint, tls, options, options.Seconds);
                var serverUs = (server.CpuTime - cpu).TotalMicroseconds / Math.Max(1, messages);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[round {round}, {(tls ? "TLS" : "plain")}] {messages / seconds:N0} msg/s, server CPU {serverUs:F3} us/msg, {errors} errors"));
                results[tls].Add((messages / seconds, serverUs, errors));
            }
        }

        var plain = Median(results[false]);
        var secure = Median(results[true]);
        Console.WriteLine($"{options.Clients} clients x {options.Messages} messages of {options.Size} B in flight, {options.Seconds} s per measurement, median of {options.Rounds} alternating rounds; EchoServer (raw mode) in its own process{(options.ServerCpus is null ? string.Empty : $" on CPU(s) {options.ServerCpus}")}");
        Console.WriteLine();
        Console.WriteLine("| connection | echo msg/s | server CPU us per message | errors | vs plain |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| plain TCP | {plain.PerSecond:N0} | {plain.ServerUs:F3} | {plain.Errors} | 1.00x |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| TLS (TLS 1.3, ECDSA P-256) | {secure.PerSecond:N0} | {secure.ServerUs:F3} | {secure.Errors} | {secure.PerSecond / plain.PerSecond:F2}x |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TLS costs the server {secure.ServerUs - plain.ServerUs:F3} us of CPU per {options.Size}-byte message more than plain TCP."));
        return plain.Errors + secure.Errors == 0 ? 0 : 1;
    }

    /// <summary>A self-signed certificate for 127.0.0.1, made in memory for a tcp-server --tls run.</summary>
    public static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // Exported and loaded again, so that SslStream has a key it can use on Linux.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }

    private static (double PerSecond, double ServerUs, long Errors) Median(List<(double PerSecond, double ServerUs, long Errors)> rows) =>
        rows.OrderBy(r => r.PerSecond).ElementAt(rows.Count / 2);

    private static async Task<(long Messages, double Seconds, long Errors)> MeasureAsync(IPEndPoint endPoint, bool tls, LoadOptions options, int seconds)
    {
        var streams = new List<Stream>();
        for (var i = 0; i < options.Clients; i++)
        {
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endPoint).WaitAsync(TimeSpan.FromSeconds(10));
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "127.0.0.1",
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true, // the harness's own self-signed server
                }).WaitAsync(TimeSpan.FromSeconds(10));
                stream = ssl;
            }

            streams.Add(stream);
        }

        long bytes = 0, errors = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var tasks = streams.Select(stream => Task.Run(async () =>
        {
            var received = new byte[64 * 1024];
            try
            {
                await stream.WriteAsync(new byte[options.Messages * options.Size], stop.Token);
                while (!stop.IsCancellationRequested)
                {
                    var n = await stream.ReadAsync(received, stop.Token);
                    if (n == 0)
                    {
                        throw new IOException("the server closed the connection");
                    }

                    Interlocked.Add(ref bytes, n);
                    await stream.WriteAsync(received.AsMemory(0, n), stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (IOException)
            {
                Interlocked.Increment(ref errors);
            }
        })).ToArray();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(seconds + 30));
        var elapsed = clock.Elapsed.TotalSeconds;
        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }

        return (Interlocked.Read(ref bytes) / options.Size, elapsed, errors);
    }
}
