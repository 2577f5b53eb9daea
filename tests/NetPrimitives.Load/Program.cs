// The loopback load harness behind docs/benchmarks.md. Every mode talks only to 127.0.0.1 on ports the OS
// picks, and every run is bounded in time and in count.
//   dotnet run -c Release --project tests/NetPrimitives.Load -- udp [--seconds 5] [--senders 1,10,100] [--size 32]
return args.FirstOrDefault() switch
{
    "udp" => await UdpLoad.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("Usage: NetPrimitives.Load <mode> [options]\n  modes: udp");
    return 2;
}
