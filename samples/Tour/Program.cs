// The Tour: every finished NetPrimitives type working on loopback, in a few seconds.
//   dotnet run --project samples/Tour          (--help: what it does and its exit codes)
// Each section lives in its own file and talks only to 127.0.0.1 / ::1 on ports the OS picks.
using System.CommandLine;
using System.Diagnostics;
using NetPrimitives.Samples.Cli;

var sections = new (string Title, Func<CancellationToken, Task> Run)[]
{
    ("HostResolver", ResolverSection.RunAsync),
    ("UpperCaseUdpServer and UdpRequestClient", UdpSection.RunAsync),
    ("EchoServer: concurrent upper-case line echo (inet_08)", EchoServerSection.RunAsync),
    ("LengthPrefixedFramer", FramingSection.RunAsync),
    ("PingSweeper: sweep 127.0.0.0/29", PingSection.RunAsync),
    ("SmtpClientRaw", SmtpSection.RunAsync),
    ("MiniHttpServer", MiniHttpSection.RunAsync),
};

var command = new RootCommand("Every finished NetPrimitives type working on loopback (ports the OS picks), one section each, at most 60 s in all.");
command.SetAction(async (_, stop) =>
{
    using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
    cts.CancelAfter(TimeSpan.FromSeconds(60));
    var total = Stopwatch.StartNew();
    var failed = 0;
    foreach (var (title, run) in sections)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title} ".PadRight(72, '='));
        var watch = Stopwatch.StartNew();
        try
        {
            await run(cts.Token);
            Console.WriteLine($"   ({watch.Elapsed.TotalMilliseconds:F0} ms)");
        }
        catch (Exception ex)
        {
            failed++;
            Console.WriteLine($"   FAILED: {ex.GetType().Name}: {ex.Message}");
        }
    }

    Console.WriteLine();
    Console.WriteLine($"Tour finished in {total.Elapsed.TotalSeconds:F1} s: {sections.Length - failed} of {sections.Length} sections ok.");
    return failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
});

return await SampleApp.RunAsync(command, args, """
    Exit codes: 0 every section ok, 1 a section failed, 2 usage error, 130 stopped with Ctrl+C, 143 stopped with SIGTERM.
    """);
