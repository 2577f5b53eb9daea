using NetPrimitives.Ping;

/// <summary>PingSweeper: sweep 127.0.0.0/29 (six loopback addresses, all answer) and print each result as it comes.</summary>
internal static class PingSection
{
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        var sweeper = new PingSweeper(new PingSweeperOptions { Timeout = TimeSpan.FromMilliseconds(500), Retries = 1 });
        await using var sweep = sweeper.Start(PingTargets.Parse("127.0.0.0/29"));
        Console.WriteLine($"   engine {sweep.Engine}: {sweep.EngineReason}");
        await foreach (var result in sweep.ReadAllAsync(cancellationToken))
        {
            Console.WriteLine($"   {result}");
        }

        Console.WriteLine($"   {sweep.Summary}");
        if (sweep.Summary.Alive != 6)
        {
            throw new InvalidOperationException($"expected 6 alive loopback addresses, got {sweep.Summary.Alive}");
        }
    }
}
