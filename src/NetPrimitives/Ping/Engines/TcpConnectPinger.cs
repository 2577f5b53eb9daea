using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NetPrimitives.Transport;

namespace NetPrimitives.Ping.Engines;

/// <summary>
/// For networks that drop ICMP (nmap -sn's TCP probes): a host is alive when any port connects or answers
/// with a reset, because either way something at that address spoke TCP. The ports are tried at once and the
/// first answer wins; the connection is closed straight away.
/// </summary>
internal sealed class TcpConnectPinger(IReadOnlyList<int> ports, TimeProvider time, PingMetrics? metrics = null) : IPinger
{
    private readonly PingMetrics _metrics = metrics ?? PingMetrics.For(null);

    public PingEngine Engine => PingEngine.TcpConnect;

    public int MaxConcurrency => 1_024; // each probe holds a socket per port

    public async ValueTask<ProbeOutcome> ProbeAsync(IPAddress address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // The attempt's timeout runs on the sweep's clock, as the ICMP engines' deadlines do.
        using var attempt = new LinkedTimeout(timeout, time, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var probes = ports.Select(port => ConnectAsync(new IPEndPoint(address, port), started, attempt.Token)).ToList();
        ProbeOutcome? unreachable = null;
        while (probes.Count > 0)
        {
            var done = await Task.WhenAny(probes).ConfigureAwait(false);
            probes.Remove(done);
            var outcome = await done.ConfigureAwait(false);
            if (outcome.Status == ProbeStatus.Alive)
            {
                await attempt.Source!.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(probes).ConfigureAwait(false);
                return outcome;
            }

            unreachable ??= outcome.Status == ProbeStatus.Unreachable ? outcome : null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return unreachable ?? ProbeOutcome.TimedOut;
    }

    private async Task<ProbeOutcome> ConnectAsync(IPEndPoint endPoint, long started, CancellationToken cancellationToken)
    {
        // A family the host cannot open throws here, out of the probe, as the ICMP engines' sockets do.
        var connecting = TcpConnection.ConnectSocketAsync(endPoint, cancellationToken);
        _metrics.ProbeSent(PingEngine.TcpConnect);
        try
        {
            using var socket = await connecting.ConfigureAwait(false);
            return new ProbeOutcome(ProbeStatus.Alive, Stopwatch.GetElapsedTime(started));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return new ProbeOutcome(ProbeStatus.Alive, Stopwatch.GetElapsedTime(started)); // an RST is an answer
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.HostUnreachable or SocketError.NetworkUnreachable)
        {
            return new ProbeOutcome(ProbeStatus.Unreachable);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            return ProbeOutcome.TimedOut;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
