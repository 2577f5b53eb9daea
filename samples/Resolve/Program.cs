// Resolve: inet_01's loop over host names (004) and c7's service table (003), grown into a small getent/dig.
//   dotnet run --project samples/Resolve                        # localhost, an empty name, a bogus name (inet_01)
//   dotnet run --project samples/Resolve -- localhost 127.0.0.1 ::1
//   dotnet run --project samples/Resolve -- -t MX example.org --server 127.0.0.1:5353   # ask that DNS server
//   dotnet run --project samples/Resolve -- --services          # c7: http, ftp, imap, pop3, smtp -> ports
using System.CommandLine;
using NetPrimitives.Names;
using NetPrimitives.Samples.Cli;

var names = new Argument<string[]>("NAME")
{
    Description = "host names to resolve (then the first address back), or IPv4/IPv6 addresses to resolve back (default: localhost, \"\", xx..bogus)",
    Arity = ArgumentArity.ZeroOrMore,
};
var type = new Option<DnsRecordType?>("--type", "-t")
{
    Description = "ask a DNS server for these records (the --server, else the first nameserver of /etc/resolv.conf); TTLs are shown",
    HelpName = "A|AAAA|MX|SRV|TXT|PTR|CNAME",
    CustomParser = result => Enum.TryParse<DnsRecordType>(result.Tokens[^1].Value, ignoreCase: true, out var t) && Lookups.Types.Contains(t)
        ? t
        : Fail<DnsRecordType?>(result, $"--type: {SampleOptions.Printable(result.Tokens[^1].Value)} is not one of {string.Join(", ", Lookups.Types)}"),
};
var server = new Option<System.Net.IPEndPoint?>("--server")
{
    Description = "the DNS server to ask (our own stub client) instead of the system resolver; port 53 unless given",
    HelpName = "IP[:PORT]",
    CustomParser = result => Lookups.ParseServer(result.Tokens[^1].Value) is { } endPoint
        ? endPoint
        : Fail<System.Net.IPEndPoint?>(result, $"--server: {SampleOptions.Printable(result.Tokens[^1].Value)} is not an address with an optional port (127.0.0.1:5353, [::1]:53)"),
};
var json = new Option<bool>("--json") { Description = "one JSON object per line, one per NAME, in the order given" };
var services = new Option<bool>("--services") { Description = "print the TCP ports of http, ftp, imap, pop3 and smtp (c7)" };
var command = new RootCommand("Resolves names and addresses like getent hosts, or records like dig (-t), in the order given.")
{
    names, type, server, json, services,
};
command.SetAction(async (parse, stop) =>
{
    if (parse.GetValue(services))
    {
        foreach (var service in new[] { "http", "ftp", "imap", "pop3", "smtp" })
        {
            var entry = HostResolver.GetServiceByName(service, "tcp");
            Console.WriteLine(entry is null ? $"? {service}" : $"{entry.Port} {service}");
        }

        return ExitCodes.Ok;
    }

    // inet_01 used ["istia.univ-angers.fr", ..., "localhost", "", "xx"]; the default here stays on this machine:
    // the empty and the bogus name are refused before any lookup.
    var queries = parse.GetValue(names) is { Length: > 0 } given ? given : ["localhost", "", "xx..bogus"];
    await using var lookups = Lookups.Create(parse.GetValue(type), parse.GetValue(server));

    // Every lookup starts at once; the results are printed in the order given, each as soon as it and those
    // before it are done.
    var pending = queries.Select(q => lookups.LookupAsync(q, stop)).ToList();
    var outcome = Outcome.Found;
    foreach (var lookup in pending)
    {
        var result = await lookup;
        outcome = (Outcome)Math.Max((int)outcome, (int)result.Outcome);
        if (parse.GetValue(json))
        {
            Console.WriteLine(result.ToJson());
        }
        else
        {
            result.WriteText(Console.Out);
        }
    }

    // getent's codes: 2 when a name does not exist; a lookup that failed (timed out, server failure) is 1.
    return outcome switch
    {
        Outcome.Found => ExitCodes.Ok,
        Outcome.NotFound => 2,
        _ => ExitCodes.Failure,
    };
});

return await SampleApp.RunAsync(command, args, """
    Exit codes (getent's): 0 every name found, 1 a lookup failed (timed out, the server failed), 2 a name does not
    exist or has no such record; 2 usage error, 130 stopped with Ctrl+C, 143 stopped with SIGTERM.
    """);

static T Fail<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
{
    result.AddError(message);
    return default!;
}
