using System.Globalization;
using NetPrimitives.Ping;

/// <summary>PingSweep's command line: targets, then options (fping's meanings, milliseconds).</summary>
internal sealed record Arguments(List<string> Targets, PingSweeperOptions Options, bool AliveOnly, long MaxTargets)
{
    public const string Usage = """
        usage: PingSweep [-h] <targets...> [--timeout ms] [--retries n] [--backoff f] [--rate pps] [--engine auto|raw|dgram|ping|tcp]
                             [--ports 80,443] [--max-targets n] [--alive]
          targets: 10.0.0.7  10.0.0.0/24  10.0.0.1-20  10.0.0.1-10.0.1.5  fd00::/120  host.example  (commas or spaces)
          --timeout ms   first attempt's timeout (default 500, fping -t)   --retries n  extra attempts (default 3, fping -r)
          --backoff f    timeout factor per retry (default 1.5, fping -B)  --rate pps   probes per second, 0 = unlimited (default 1000)
          --alive        print only alive targets, one per line (fping -a)
        exit codes: 0 all alive, 1 some not alive, 2 a name did not resolve, 3 bad arguments, 4 engine unavailable,
                    130 stopped with Ctrl+C
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static Arguments Parse(string[] args)
    {
        var targets = new List<string>();
        var options = new PingSweeperOptions();
        var alive = false;
        var maxTargets = PingTargetOptions.DefaultMaxTargets;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{args[i - 1]} needs a whole number");
            switch (args[i])
            {
                case "--timeout": options = With(options, timeout: TimeSpan.FromMilliseconds(Int())); break;
                case "--retries": options = With(options, retries: Int()); break;
                case "--rate": options = With(options, rate: Int()); break;
                case "--backoff":
                    options = With(options, backoff: double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var b) ? b : throw new ArgumentException("--backoff needs a number"));
                    break;
                case "--engine": options = With(options, engine: ParseEngine(Value())); break;
                case "--ports": options = With(options, ports: Value().Split(',').Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException("--ports needs numbers")).ToArray()); break;
                case "--max-targets": maxTargets = long.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : throw new ArgumentException("--max-targets needs a number"); break;
                case "--alive" or "-a": alive = true; break;
                case var flag when flag.StartsWith('-') && !char.IsAsciiDigit(flag.ElementAtOrDefault(1)): throw new ArgumentException($"unknown option {flag}");
                default: targets.Add(args[i]); break;
            }
        }

        return targets.Count == 0 ? throw new ArgumentException("no targets") : new Arguments(targets, options, alive, maxTargets);
    }

    private static PingEngine ParseEngine(string name) => name switch
    {
        "auto" => PingEngine.Auto,
        "raw" => PingEngine.RawSocket,
        "dgram" => PingEngine.DatagramSocket,
        "ping" => PingEngine.PingClass,
        "tcp" => PingEngine.TcpConnect,
        _ => throw new ArgumentException($"unknown engine {name}"),
    };

    // Options are init-only (validated once); copy with one value changed.
    private static PingSweeperOptions With(PingSweeperOptions o, TimeSpan? timeout = null, int? retries = null, int? rate = null,
        double? backoff = null, PingEngine? engine = null, int[]? ports = null) => new()
    {
        Timeout = timeout ?? o.Timeout,
        Retries = retries ?? o.Retries,
        RatePerSecond = rate ?? o.RatePerSecond,
        BackoffFactor = backoff ?? o.BackoffFactor,
        Engine = engine ?? o.Engine,
        TcpPorts = ports ?? o.TcpPorts,
    };
}
