/// <summary>
/// smtp-sink: the loopback SMTP sink (samples/Tour/LoopbackSmtpSink.cs: accepts everything, counts, discards) in its
/// own process, so that neither SMTP client under test shares its CPU or its garbage collector. Prints
/// "LISTENING port"; answers "STATS" on standard input with "STATS messages replyFlushes connections"; exits when
/// standard input closes or after --seconds (default 600).
/// </summary>
internal static class SmtpSinkLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pipelining = !args.Contains("--no-pipelining");
        var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(600);
        await using var sink = new LoopbackSmtpSink(pipelining).Start();
        Console.WriteLine($"LISTENING {sink.Port}");
        using var lifetime = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!lifetime.IsCancellationRequested && await Console.In.ReadLineAsync(lifetime.Token) is { } line)
        {
            if (line == "STATS")
            {
                Console.WriteLine($"STATS {sink.Messages} {sink.ReplyFlushes} {sink.Connections}");
            }
        }

        return 0;
    }
}
