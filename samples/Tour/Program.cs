// The Tour: every finished NetPrimitives type working on loopback, in a few seconds.
//   dotnet run --project samples/Tour
// Each section lives in its own file and talks only to 127.0.0.1 / ::1 on ports the OS picks.
using System.Diagnostics;

const string Usage = """
    usage: Tour [-h]
      runs every section on loopback (ports the OS picks), at most 60 s in all
    exit codes: 0 every section ok, 1 a section failed, 2 usage error, 130 stopped with Ctrl+C
    """;
if (args is ["--help" or "-h"])
{
    Console.WriteLine(Usage);
    return 0;
}

if (args.Length > 0)
{
    Console.Error.WriteLine($"bad argument: {args[0]}\n{Usage}");
    return 2;
}

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

using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
var interrupted = false;
Console.CancelKeyPress += (_, e) => { e.Cancel = true; interrupted = true; cts.Cancel(); };
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
return interrupted ? 130 : failed == 0 ? 0 : 1;
