// NetPrimitives.Load: loopback load generator for docs/benchmarks.md. A thin dispatcher on the first
// argument; each mode lives in its own file. Every mode talks only to 127.0.0.1 on ports the OS picks and
// is bounded in time and count: it stops by itself.
//   dotnet run -c Release --project tests/NetPrimitives.Load -- <mode> [options]
const string Usage = """
    usage: NetPrimitives.Load <mode> [options]     (--help after a mode for its options)
      tcp-server    run an echo server (ours or the naive baseline) for a load run from another process
      tcp-echo      pipelined echo throughput against a running server (NetCoreServer TcpEchoClient style)
      tcp-pingpong  one message in flight per client: round-trip latency p50/p99/p99.9
      tcp-compare   EchoServer vs a naive thread-per-connection server, each in its own process, same run
      tcp-tls       EchoServer over plain TCP and over TLS, alternating: messages/s and server CPU per message
      udp           UpperCaseUdpServer vs a naive UdpClient.ReceiveAsync loop, 1/10/100 senders, same run
      udp-server    run a UDP upper-case server (ours or the naive loop) for the udp mode's --server-process
      ping-warm     PingSweeper on a loopback range N times in one process: min/median/max per sweep
      smtp          SmtpClientRaw vs MailKit, same message, sink in its own process, 1 and N connections
      smtp-sink     run the loopback SMTP sink for the smtp mode
    """;

return args.Length == 0 || args[0] is "--help" or "-h"
    ? PrintUsage()
    : args[0] switch
    {
        "tcp-server" => await TcpServerLoad.RunAsync(args[1..]),
        "tcp-echo" => await TcpEchoLoad.RunAsync(args[1..]),
        "tcp-pingpong" => await TcpPingPongLoad.RunAsync(args[1..]),
        "tcp-compare" => await TcpCompareLoad.RunAsync(args[1..]),
        "tcp-tls" => await TlsEchoLoad.RunAsync(args[1..]),
        "udp" => await UdpLoad.RunAsync(args[1..]),
        "udp-server" => await UdpServerLoad.RunAsync(args[1..]),
        "ping-warm" => await PingWarmLoad.RunAsync(args[1..]),
        "smtp" => await SmtpCompareLoad.RunAsync(args[1..]),
        "smtp-sink" => await SmtpSinkLoad.RunAsync(args[1..]),
        _ => PrintUsage(),
    };

int PrintUsage()
{
    Console.Error.WriteLine(Usage);
    return args.Length == 0 || args[0] is not ("--help" or "-h") ? 2 : 0;
}
