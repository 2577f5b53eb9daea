using System.Net.Sockets;

namespace NetPrimitives.Ping.Engines;

/// <summary>
/// Picks the engine: the one asked for, or for <see cref="PingEngine.Auto"/> the best that can run, and says
/// why the better ones were passed over.
/// </summary>
internal static class PingerSelector
{
    public static (IPinger Pinger, string Reason) Select(PingSweeperOptions options, AddressFamily family, TimeProvider time, PingLog log) =>
        Select(options, family, log, raw => IcmpSocketPinger.Open(raw, family, options.PayloadSize, time, log, PingMetrics.For(options.MeterFactory)), PingClassPinger.WhyUnavailable);

    // openIcmp opens the raw (true) or datagram (false) socket engine; whyPingClassUnavailable is null where the
    // Ping class runs. Both are seams for the tests: which engines open depends on the machine and the user.
    internal static (IPinger Pinger, string Reason) Select(PingSweeperOptions options, AddressFamily family, PingLog log,
        Func<bool, IPinger> openIcmp, Func<AddressFamily, (string Reason, Exception? Exception)?> whyPingClassUnavailable)
    {
        switch (options.Engine)
        {
            case PingEngine.PingClass:
                // Checked here so that Start throws the typed exception, not the first probe (issue 15).
                if (whyPingClassUnavailable(family) is { } notRunning)
                {
                    log.EngineUnavailable(PingEngine.PingClass, notRunning.Reason);
                    throw new PingEngineUnavailableException(PingEngine.PingClass, notRunning.Reason, notRunning.Exception);
                }

                return (PingClass(options), "asked for");
            case PingEngine.TcpConnect:
                return (new TcpConnectPinger(options.TcpPorts, options.TimeProvider, PingMetrics.For(options.MeterFactory)), $"asked for (ports {string.Join(", ", options.TcpPorts)})");
            case PingEngine.RawSocket or PingEngine.DatagramSocket:
                var raw = options.Engine == PingEngine.RawSocket;
                if (TryOpen(raw, openIcmp, log, out var pinger, out var error))
                {
                    return (pinger, "asked for");
                }

                throw new PingEngineUnavailableException(options.Engine, error.Reason, error.Exception);
        }

        var passedOver = new List<string>();
        foreach (var raw in new[] { true, false })
        {
            if (TryOpen(raw, openIcmp, log, out var pinger, out var error))
            {
                return (pinger, Explain(raw ? "raw ICMP socket permitted" : "ICMP datagram socket permitted by net.ipv4.ping_group_range", passedOver));
            }

            passedOver.Add(error.Reason);
        }

        // Without raw or datagram sockets the Ping class runs the ping utility on Linux; where there is none it
        // throws on every probe, so it is chosen only after it has been seen to work (issue 15).
        if (whyPingClassUnavailable(family) is not { } pingClassError)
        {
            return (PingClass(options), Explain("the Ping class can run (its probe of loopback was answered)", passedOver));
        }

        log.EngineUnavailable(PingEngine.PingClass, pingClassError.Reason);
        passedOver.Add(pingClassError.Reason);
        return (new TcpConnectPinger(options.TcpPorts, options.TimeProvider, PingMetrics.For(options.MeterFactory)),
            Explain($"no ICMP engine can run, TCP connect to ports {string.Join(", ", options.TcpPorts)} instead", passedOver));
    }

    private static string Explain(string why, List<string> passedOver) =>
        passedOver.Count == 0 ? why : $"{why}; {string.Join("; ", passedOver)}";

    private static PingClassPinger PingClass(PingSweeperOptions options) => new(options.PingClassConcurrency, options.PayloadSize, metrics: PingMetrics.For(options.MeterFactory));

    private static bool TryOpen(bool raw, Func<bool, IPinger> openIcmp, PingLog log, out IPinger pinger, out (string Reason, Exception? Exception) error)
    {
        var engine = raw ? PingEngine.RawSocket : PingEngine.DatagramSocket;
        try
        {
            pinger = openIcmp(raw);
            error = default;
            return true;
        }
        catch (SocketException ex)
        {
            var why = (raw, ex.SocketErrorCode) switch
            {
                (true, SocketError.AccessDenied) => "no raw ICMP socket: permission denied (needs root or CAP_NET_RAW)",
                (false, SocketError.AccessDenied) => "no ICMP datagram socket: the process's group is outside net.ipv4.ping_group_range",
                _ => $"no {(raw ? "raw ICMP" : "ICMP datagram")} socket: {ex.SocketErrorCode} ({ex.Message})",
            };
            log.EngineUnavailable(engine, why);
            pinger = null!;
            error = (why, ex);
            return false;
        }
    }
}
