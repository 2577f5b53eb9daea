// Resolve: inet_01's loop over host names (004), c7's service table (003).
//   dotnet run --project samples/Resolve                        # localhost, an empty name, a bogus name
//   dotnet run --project samples/Resolve -- localhost 127.0.0.1
//   dotnet run --project samples/Resolve -- --services          # c7: http, ftp, imap, pop3, smtp -> ports
//   dotnet run --project samples/Resolve -- --server 127.0.0.1:5353 web.test   # ask that DNS server directly
using System.Net;
using NetPrimitives.Names;

const string Usage = """
    usage: Resolve [-h] [--server IP:PORT] [NAME...]
           Resolve --services

      NAME               host names or addresses to resolve, then resolve back (default: localhost, "", xx..bogus)
      --server IP:PORT   ask that DNS server directly instead of the system resolver
      --services         print the TCP ports of http, ftp, imap, pop3 and smtp (c7)
    a name that does not resolve is printed with its error; it is not a failure of the program.
    exit codes: 0 ok, 1 the lookups timed out (30 s), 2 usage error, 130 stopped with Ctrl+C
    """;

var names = new List<string>();
var options = new HostResolverOptions { Timeout = TimeSpan.FromSeconds(5) };
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--services":
            foreach (var service in new[] { "http", "ftp", "imap", "pop3", "smtp" })
            {
                var entry = HostResolver.GetServiceByName(service, "tcp");
                Console.WriteLine(entry is null ? $"? {service}" : $"{entry.Port} {service}");
            }

            return 0;
        case "--server" when i + 1 < args.Length && IPEndPoint.TryParse(args[i + 1], out var server):
            options.DnsServer = server;
            i++;
            break;
        case "--help" or "-h":
            Console.WriteLine(Usage);
            return 0;
        case var option when option.StartsWith('-'):
            Console.Error.WriteLine($"bad option or value: {option}\n{Usage}");
            return 2;
        default:
            names.Add(args[i]);
            break;
    }
}

// inet_01 used ["istia.univ-angers.fr", ..., "localhost", "", "xx"]; the default here stays on this machine:
// the empty and the bogus name are refused before any lookup.
if (names.Count == 0)
{
    names.AddRange(["localhost", "", "xx..bogus"]);
}

var resolver = new HostResolver(options);
using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
var interrupted = false;
Console.CancelKeyPress += (_, e) => { e.Cancel = true; interrupted = true; cts.Cancel(); };
try
{
    await foreach (var result in resolver.ResolveManyAsync(names, AddressFamilyPreference.InterNetwork, cts.Token))
    {
        if (!result.Succeeded)
        {
            Console.WriteLine($"ip[{result.Query}]={result.Error.Error}: {result.Error.Message}");
            continue;
        }

        var ip = result.Entry.Addresses[0];
        Console.WriteLine($"ip[{result.Query}]={ip}");
        try
        {
            var back = await resolver.GetHostByAddrAsync(ip, cts.Token);
            Console.WriteLine($"name[{ip}]={back.HostName}");
        }
        catch (HostResolutionException ex)
        {
            Console.WriteLine($"name[{ip}]={ex.Error}: {ex.Message}");
        }
    }
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine(interrupted ? "stopped" : "timed out after 30 s");
    return interrupted ? 130 : 1;
}

return 0;
