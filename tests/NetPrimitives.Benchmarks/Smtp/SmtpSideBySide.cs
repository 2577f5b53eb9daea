using System.Diagnostics;
using System.Globalization;
using NetPrimitives.Smtp;

namespace NetPrimitives.Benchmarks.Smtp;

/// <summary>
/// issue 6 §5: 1,000 small messages over one connection to the same in-process loopback sink, side by side in
/// one run: SmtpClientRaw with and without PIPELINING, System.Net.Mail.SmtpClient and Python's smtplib.
/// Each client gets a warm-up, then <see cref="Rounds"/> timed rounds; the median is reported. Round trips per
/// message are counted by the sink (reply flushes), independently of the clients.
///   dotnet run -c Release --project tests/NetPrimitives.Benchmarks -- smtp
/// </summary>
internal static class SmtpSideBySide
{
    private const int Messages = 1000;
    private const int Rounds = 5;
    private const string Body = "Subject: bench\r\n\r\nA small message.\r\n";

    public static async Task<int> RunAsync()
    {
        Console.WriteLine($"SMTP side by side: {Messages} messages x {Rounds} rounds per client, one connection per round, median shown.");
        Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        var rows = new List<(string Name, double Rate, double RoundTrips, long Connections)>
        {
            await MeasureAsync("SmtpClientRaw, PIPELINING", pipelining: true, RawAsync),
            await MeasureAsync("SmtpClientRaw, no PIPELINING (server does not offer it)", pipelining: false, RawAsync),
            await MeasureAsync("System.Net.Mail.SmtpClient", pipelining: true, BclAsync),
        };
        var python = FindPython();
        if (python is not null)
        {
            rows.Add(await MeasureAsync("Python smtplib (" + python + ")", pipelining: true, port => PythonAsync(python, port)));
        }

        var baseline = rows.First(r => r.Name.StartsWith("System.Net.Mail", StringComparison.Ordinal)).Rate;
        Console.WriteLine();
        Console.WriteLine("| client | messages/s (median) | vs System.Net.Mail | round trips/message (sink) | connections/round |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, rate, trips, connections) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {rate:F0} | {rate / baseline:F2}x | {trips:F2} | {connections} |"));
        }

        return 0;
    }

    private static async Task<(string, double, double, long)> MeasureAsync(string name, bool pipelining, Func<int, Task<double>> run)
    {
        var rates = new List<double>();
        double trips = 0;
        long connections = 0;
        for (var round = 0; round <= Rounds; round++)
        {
            await using var sink = new LoopbackSmtpSink(pipelining).Start();
            var rate = await run(sink.Port).WaitAsync(TimeSpan.FromMinutes(2));
            if (round == 0)
            {
                continue; // warm-up (JIT, first connection)
            }

            rates.Add(rate);
            trips = (double)sink.ReplyFlushes / sink.Messages;
            connections = sink.Connections;
        }

        rates.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {string.Join(", ", rates.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))} messages/s"));
        return (name, rates[rates.Count / 2], trips, connections);
    }

    private static async Task<double> RawAsync(int port)
    {
        var options = new SmtpClientRawOptions { LocalDomain = "bench.local" };
        await using var client = await SmtpClientRaw.ConnectAsync("127.0.0.1", port, options);
        var body = System.Text.Encoding.ASCII.GetBytes(Body);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Messages; i++)
        {
            await client.SendMailAsync("a@example.org", ["b@example.org"], body);
        }

        var rate = Messages / watch.Elapsed.TotalSeconds;
        await client.QuitAsync();
        return rate;
    }

    private static async Task<double> BclAsync(int port)
    {
        using var client = new System.Net.Mail.SmtpClient("127.0.0.1", port);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Messages; i++)
        {
            using var message = new System.Net.Mail.MailMessage("a@example.org", "b@example.org", "bench", "A small message.");
            await client.SendMailAsync(message);
        }

        return Messages / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> PythonAsync(string python, int port)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Smtp", "smtplib_bench.py");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(Messages.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    private static string? FindPython() =>
        new[] { "/usr/bin/python3", "/usr/local/bin/python3" }.FirstOrDefault(File.Exists);
}
