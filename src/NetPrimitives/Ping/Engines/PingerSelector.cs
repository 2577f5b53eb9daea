using System.Net.Sockets;

namespace NetPrimitives.Ping.Engines;

/// <summary>
/// Picks the engine: the one asked for, or for <see cref="PingEngine.Auto"/> the best that opens, and says
/// why the better ones were passed over.
/// </summary>
internal static class PingerSelector
{
    public static (IPinger Pinger, string Reason) Select(PingSweeperOptions options, AddressFamily family, TimeProvider time, PingLog log)
    {
        switch (options.Engine)
        {
            case PingEngine.PingClass:
                return (new PingClassPinger(options.PingClassConcurrency, options.PayloadSize), "asked for");
            case PingEngine.TcpConnect:
                return (new TcpConnectPinger(options.TcpPorts), $"asked for (ports {string.Join(", ", options.TcpPorts)})");
            case PingEngine.RawSocket or PingEngine.DatagramSocket:
                var raw = options.Engine == PingEngine.RawSocket;
                if (TryOpen(raw, family, options, time, log, out var pinger, out var error))
                {
                    return (pinger, "asked for");
                }

                throw new PingEngineUnavailableException(options.Engine, error.Reason, error.Exception);
        }

        var passedOver = new List<string>();
        foreach (var raw in new[] { true, false })
        {
            if (TryOpen(raw, family, options, time, log, out var pinger, out var error))
            {
                var why = raw ? "raw ICMP socket permitted" : "ICMP datagram socket permitted by net.ipv4.ping_group_range";
                return (pinger, passedOver.Count == 0 ? why : $"{why}; {string.Join("; ", passedOver)}");
            }

            passedOver.Add(error.Reason);
        }

        return (new PingClassPinger(options.PingClassConcurrency, options.PayloadSize), string.Join("; ", passedOver));
    }

    private static bool TryOpen(bool raw, AddressFamily family, PingSweeperOptions options, TimeProvider time, PingLog log,
        out IPinger pinger, out (string Reason, Exception? Exception) error)
    {
        var engine = raw ? PingEngine.RawSocket : PingEngine.DatagramSocket;
        try
        {
            pinger = IcmpSocketPinger.Open(raw, family, options.PayloadSize, time, log);
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
