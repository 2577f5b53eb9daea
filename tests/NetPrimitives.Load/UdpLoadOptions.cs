using System.Globalization;

/// <summary>Command line of the udp mode.</summary>
internal sealed record UdpLoadOptions(double Seconds, int[] Senders, int Size, long MaxRequestsPerCell, bool ThreadSenders, int ReceiveLoops, int Rounds, string Only = "both")
{
    public static UdpLoadOptions? Parse(string[] args)
    {
        var options = new UdpLoadOptions(5, [1, 10, 100], 32, 50_000_000, ThreadSenders: true, ReceiveLoops: Environment.ProcessorCount, Rounds: 3);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--seconds" => options with { Seconds = Math.Clamp(double.Parse(value, CultureInfo.InvariantCulture), 0.5, 60) },
                "--senders" => options with { Senders = value.Split(',').Select(s => Math.Clamp(int.Parse(s, CultureInfo.InvariantCulture), 1, 1000)).ToArray() },
                "--size" => options with { Size = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, 8192) },
                "--client" when value is "threads" or "async" => options with { ThreadSenders = value == "threads" },
                "--loops" => options with { ReceiveLoops = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, 64) },
                "--rounds" => options with { Rounds = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, 9) },
                "--only" when value is "ours" or "naive" or "both" => options with { Only = value },
                "--max-requests" => options with { MaxRequestsPerCell = long.Parse(value, CultureInfo.InvariantCulture) },
                _ => null!,
            };
            if (options is null)
            {
                Console.Error.WriteLine($"Unknown option {args[i]}");
                return null;
            }
        }

        return args.Length % 2 == 0 ? options : null;
    }
}
