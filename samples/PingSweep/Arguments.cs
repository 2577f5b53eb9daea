using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using NetPrimitives.Ping;

/// <summary>PingSweep's command line: targets, then options (fping's meanings, milliseconds).</summary>
internal static class Arguments
{
    /// <summary>fping's exit codes, kept instead of the other samples' (documented as the exception).</summary>
    public const string ExitCodes = """
        Exit codes (fping's): 0 all alive, 1 some not alive, 2 a name did not resolve, 3 bad arguments, 4 no ping engine
        available, 130 stopped with Ctrl+C, 143 stopped with SIGTERM.
        """;

    /// <summary>fping's code for bad arguments, where the other samples use 2.</summary>
    public const int UsageExitCode = 3;

    public static readonly Argument<string[]> Targets = new("TARGETS")
    {
        Description = "10.0.0.7  10.0.0.0/24  10.0.0.1-20  10.0.0.1-10.0.1.5  fd00::/120  host.example  (commas or spaces)",
        Arity = ArgumentArity.OneOrMore,
    };

    public static readonly Option<int> Timeout = Integer("--timeout", "ms", 500, 1, 60_000, "first attempt's timeout in milliseconds (fping -t)");
    public static readonly Option<int> Retries = Integer("--retries", "N", 3, 0, 20, "extra attempts (fping -r)");
    public static readonly Option<int> Rate = Integer("--rate", "PPS", 1000, 0, 1_000_000, "probes per second, 0 = unlimited");
    public static readonly Option<long> MaxTargets = new("--max-targets")
    {
        Description = "refuse to sweep more addresses than this",
        HelpName = "N",
        DefaultValueFactory = _ => PingTargetOptions.DefaultMaxTargets,
        CustomParser = result => Parse(result, "--max-targets", 1, long.MaxValue),
    };

    public static readonly Option<double> Backoff = new("--backoff")
    {
        Description = "timeout factor per retry, 1.0 to 5.0 (fping -B)",
        HelpName = "F",
        DefaultValueFactory = _ => 1.5,
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor is >= 1.0 and <= 5.0)
            {
                return factor;
            }

            result.AddError($"--backoff: {text} is not a number from 1.0 to 5.0");
            return 0;
        },
    };

    public static readonly Option<PingEngine> Engine = new("--engine")
    {
        Description = "auto, raw (raw ICMP socket), dgram (unprivileged ICMP socket), ping (the Ping class), tcp (TCP connect)",
        HelpName = "auto|raw|dgram|ping|tcp",
        DefaultValueFactory = _ => PingEngine.Auto,
        CustomParser = result => result.Tokens[^1].Value switch
        {
            "auto" => PingEngine.Auto,
            "raw" => PingEngine.RawSocket,
            "dgram" => PingEngine.DatagramSocket,
            "ping" => PingEngine.PingClass,
            "tcp" => PingEngine.TcpConnect,
            var other => Error(result, $"--engine: {other} is not an engine (auto, raw, dgram, ping or tcp)", PingEngine.Auto),
        },
    };

    public static readonly Option<int[]> Ports = new("--ports")
    {
        Description = "ports the tcp engine tries, comma-separated (default 80,443)",
        HelpName = "80,443",
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            var ports = text.Split(',').Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 65535 ? n : -1).ToArray();
            return ports.Contains(-1) ? Error(result, $"--ports: {text} is not a list of ports (1-65535, commas between)", Array.Empty<int>()) : ports;
        },
    };

    public static readonly Option<bool> Alive = new("--alive", "-a") { Description = "print only alive targets, one per line (fping -a)" };

    public static readonly Option<bool> Json = new("--json") { Description = "one JSON object per line: one per target, then the summary" };

    public static RootCommand Command() => new("""
        Sweeps addresses with ICMP echo (or TCP connects) on one socket, streaming results: the threaded pinger of
        seed 003 (a thread and a `ping -c 1` per address). A terminal gets a progress bar and a table; redirected
        output one line per target, with the engine line and the fping-style summary on stderr.
        """)
    {
        Targets, Timeout, Retries, Backoff, Rate, Engine, Ports, MaxTargets, Alive, Json,
    };

    /// <summary>The sweeper's options from the parsed command line (every value was checked by its option).</summary>
    public static PingSweeperOptions SweeperOptions(ParseResult parse) => new()
    {
        Timeout = TimeSpan.FromMilliseconds(parse.GetValue(Timeout)),
        Retries = parse.GetValue(Retries),
        BackoffFactor = parse.GetValue(Backoff),
        RatePerSecond = parse.GetValue(Rate),
        Engine = parse.GetValue(Engine),
        TcpPorts = parse.GetValue(Ports) is { Length: > 0 } ports ? ports : new PingSweeperOptions().TcpPorts,
    };

    private static Option<int> Integer(string name, string helpName, int defaultValue, int min, int max, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => (int)Parse(result, name, min, max),
    };

    private static long Parse(ArgumentResult result, string name, long min, long max)
    {
        var text = result.Tokens[^1].Value;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : Error(result, max == long.MaxValue
                ? $"{name}: {text} is not a whole number of at least {min}"
                : $"{name}: {text} is not a whole number from {min} to {max}", 0L);
    }

    private static T Error<T>(ArgumentResult result, string message, T placeholder)
    {
        result.AddError(message);
        return placeholder;
    }
}
