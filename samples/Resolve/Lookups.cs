using System.Globalization;
using System.Net;
using NetPrimitives.Names;
using NetPrimitives.Samples.Cli;

/// <summary>How a lookup ended, worst last: the program's exit code comes from the worst one.</summary>
internal enum Outcome
{
    Found,
    NotFound,
    Failed,
}

/// <summary>
/// One way of looking names up: <see cref="HostResolver"/> like getent hosts (the system resolver, or our stub client
/// with --server), or <see cref="DnsStubClient"/> for one record type like dig. Addresses are resolved back (PTR).
/// </summary>
internal abstract class Lookups : IAsyncDisposable
{
    /// <summary>The record types -t takes.</summary>
    public static readonly DnsRecordType[] Types =
        [DnsRecordType.A, DnsRecordType.AAAA, DnsRecordType.MX, DnsRecordType.SRV, DnsRecordType.TXT, DnsRecordType.PTR, DnsRecordType.CNAME];

    public static Lookups Create(DnsRecordType? type, IPEndPoint? server) => type is { } t
        ? new Records(t, server ?? SystemNameServer())
        : new Hosts(new HostResolver(new HostResolverOptions { DnsServer = server, Timeout = TimeSpan.FromSeconds(5) }));

    /// <summary>"127.0.0.1", "127.0.0.1:5353", "::1", "[::1]:5353"; port 53 when none is given.</summary>
    public static IPEndPoint? ParseServer(string text) =>
        IPAddress.TryParse(text, out var address) ? new IPEndPoint(address, 53)
        : IPEndPoint.TryParse(text, out var endPoint) && endPoint.Port > 0 ? endPoint
        : null;

    public abstract Task<LookupResult> LookupAsync(string query, CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // As dig does without @server: the first "nameserver" line of /etc/resolv.conf.
    private static IPEndPoint SystemNameServer()
    {
        const string ResolvConf = "/etc/resolv.conf";
        var line = File.Exists(ResolvConf)
            ? File.ReadLines(ResolvConf).Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).FirstOrDefault(f => f is ["nameserver", _, ..])
            : null;
        return line is not null && IPAddress.TryParse(line[1], out var address)
            ? new IPEndPoint(address, 53)
            : throw SampleException.Usage($"--type needs --server here: {ResolvConf} names no nameserver");
    }

    // getent hosts: a name to its address and back (inet_01), an address back to its name.
    private sealed class Hosts(HostResolver resolver) : Lookups
    {
        public override async Task<LookupResult> LookupAsync(string query, CancellationToken cancellationToken)
        {
            if (IPAddress.TryParse(query, out var address))
            {
                try
                {
                    var back = await resolver.GetHostByAddrAsync(address, cancellationToken);
                    return new LookupResult(query, "PTR", Outcome.Found) { HostName = back.HostName };
                }
                catch (HostResolutionException ex)
                {
                    return LookupResult.From(query, "PTR", ex);
                }
            }

            HostEntry entry;
            try
            {
                entry = await resolver.GetHostByNameExAsync(query, AddressFamilyPreference.InterNetwork, cancellationToken);
            }
            catch (HostResolutionException ex)
            {
                return LookupResult.From(query, "A", ex);
            }

            var found = new LookupResult(query, "A", Outcome.Found) { Addresses = [.. entry.Addresses.Select(a => a.ToString())] };
            try
            {
                return found with { HostName = (await resolver.GetHostByAddrAsync(entry.Addresses[0], cancellationToken)).HostName };
            }
            catch (HostResolutionException ex)
            {
                return found with { ReverseError = $"{ex.Error}: {ex.Message}" }; // printed, as inet_01 does; the name was found
            }
        }
    }

    // dig -t TYPE: the answers of one server, with their TTLs.
    private sealed class Records(DnsRecordType type, IPEndPoint server) : Lookups
    {
        private readonly DnsStubClient _client = new(server);

        public override async Task<LookupResult> LookupAsync(string query, CancellationToken cancellationToken)
        {
            var isAddress = IPAddress.TryParse(query, out var address);
            var asked = isAddress ? "PTR" : type.ToString();
            try
            {
                var response = isAddress
                    ? await _client.QueryReverseAsync(address!, cancellationToken)
                    : await _client.QueryAsync(query, type, cancellationToken);
                var answers = response.Answers.Select(Answer.From).ToArray();
                var outcome = response.ResponseCode switch
                {
                    DnsResponseCode.NoError when answers.Length > 0 => Outcome.Found,
                    DnsResponseCode.NoError or DnsResponseCode.NameError => Outcome.NotFound,
                    _ => Outcome.Failed,
                };
                return new LookupResult(query, asked, outcome)
                {
                    Answers = answers,
                    Error = outcome == Outcome.Found ? null : response.ResponseCode == DnsResponseCode.NoError ? $"no {asked} record" : response.ResponseCode.ToString(),
                };
            }
            catch (HostResolutionException ex)
            {
                return LookupResult.From(query, asked, ex) with { Answers = [] };
            }
        }

        public override ValueTask DisposeAsync() => _client.DisposeAsync();
    }
}

/// <summary>One answer record: <c>mail.test. 60 IN MX 10 mail.test</c>.</summary>
internal sealed record Answer(string Name, string Type, long Ttl, string Data)
{
    public static Answer From(DnsRecord record) =>
        // The record prints as "NAME TTL CLASS TYPE DATA"; its data part is everything after the fourth space.
        new(record.Name, record.Type.ToString(), (long)record.TimeToLive.TotalSeconds, record.ToString().Split(' ', 5)[4]);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}\t{Ttl}\tIN\t{Type}\t{Data}");
}
