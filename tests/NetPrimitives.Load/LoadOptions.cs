using System.Net;

/// <summary>NetCoreServer TcpEchoClient's parameters: -a address, -p port, -c clients, -m messages in flight, -s size, -z seconds.</summary>
internal sealed class LoadOptions
{
    public IPAddress Address { get; private set; } = IPAddress.Loopback;

    public int Port { get; private set; }

    public int Clients { get; private set; } = 100;

    public int Messages { get; private set; } = 1000;

    public int Size { get; private set; } = 32;

    public int Seconds { get; private set; } = 10;

    public string Impl { get; private set; } = "ours";

    public int MemorySeconds { get; private set; }

    public int Rounds { get; private set; } = 1;

    public int WarmUpSeconds { get; private set; } = 3;

    public bool InlineCompletions { get; private set; }

    /// <summary>tcp-server --tls: our EchoServer over TLS with a self-signed certificate made at start (tcp-tls uses it).</summary>
    public bool Tls { get; private set; }

    public string? ServerCpus { get; private set; }

    /// <summary>tcp-compare --rival: add the NetCoreServer-style server (saea).</summary>
    public bool Rival { get; private set; }

    /// <summary>tcp-compare --client: plain (one buffer of all messages, bytes echoed back) or saea (NetCoreServer's TcpEchoClient).</summary>
    public string Client { get; private set; } = "plain";

    public const string Help = """
          -a ADDRESS  server address, loopback only (127.0.0.1 or ::1). Default 127.0.0.1
          -p PORT     server port (tcp-echo, tcp-pingpong); 0 = start one in-process
          -c N        clients. Default 100
          -m N        messages in flight per client (tcp-echo). Default 1000
          -s N        message size in bytes. Default 32
          -z N        seconds per measurement. Default 10
          --impl X    ours | naive | saea (tcp-server, and the in-process server of -p 0). Default ours
          --rival     tcp-compare: add the NetCoreServer-style server (SocketAsyncEventArgs sessions, a double send
                      buffer: SaeaEchoServer) and a "vs rival" column
          --client X  tcp-compare echo load: plain (each client sends its -m messages as one buffer, then echoes
                      back what it receives) or saea (NetCoreServer's TcpEchoClient: one send per message, and
                      one new message per -s bytes received). Default plain
          --memory N  tcp-compare: also run a memory soak of N seconds against each server. Default 0 (off)
          --rounds N  tcp-compare: alternate the servers N times and report the median. Default 1
          --warmup N  tcp-compare: echo load for N seconds against each fresh server process before measuring,
                      not counted (the JIT's tier-up of the hot path). Default 3
          --inline-completions  tcp-compare: add our server with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1
          --tls       tcp-server: our EchoServer over TLS (a self-signed ECDSA P-256 certificate made at start)
          --server-cpus LIST  tcp-compare: run each server process under `taskset -c LIST` (e.g. 0), so that the
                      servers and the load clients do not share cores; start the harness itself under
                      `taskset -c` with the other cores (e.g. `taskset -c 1 dotnet ...`)
        """;

    public static LoadOptions? Parse(string[] args)
    {
        var o = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            int Int() => int.TryParse(value, out var n) && n >= 0 ? n : throw new ArgumentException($"{args[i]} needs a number");
            switch (args[i])
            {
                case "-a": o.Address = IPAddress.Parse(value!); i++; break;
                case "-p": o.Port = Int(); i++; break;
                case "-c": o.Clients = Math.Max(1, Int()); i++; break;
                case "-m": o.Messages = Math.Max(1, Int()); i++; break;
                case "-s": o.Size = Math.Max(1, Int()); i++; break;
                case "-z": o.Seconds = Math.Max(1, Int()); i++; break;
                case "--impl": o.Impl = value is "ours" or "naive" or "saea" ? value : throw new ArgumentException("--impl is ours, naive or saea"); i++; break;
                case "--rival": o.Rival = true; break;
                case "--client": o.Client = value is "plain" or "saea" ? value : throw new ArgumentException("--client is plain or saea"); i++; break;
                case "--memory": o.MemorySeconds = Int(); i++; break;
                case "--rounds": o.Rounds = Math.Max(1, Int()); i++; break;
                case "--warmup": o.WarmUpSeconds = Int(); i++; break;
                case "--inline-completions": o.InlineCompletions = true; break;
                case "--tls": o.Tls = true; break;
                case "--server-cpus": o.ServerCpus = value is { Length: > 0 } && value.All(c => char.IsAsciiDigit(c) || c is ',' or '-') ? value : throw new ArgumentException("--server-cpus takes a CPU list such as 0 or 0,1"); i++; break;
                case "--help" or "-h":
                    Console.Error.WriteLine(Help);
                    return null;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}\n{Help}");
                    return null;
            }
        }

        if (!IPAddress.IsLoopback(o.Address))
        {
            throw new ArgumentException("the load generator talks to loopback addresses only");
        }

        return o;
    }
}
