using System.Net;

namespace NetPrimitives.Names;

/// <summary>HostResolver over the stub client: A/AAAA with CNAME chains followed, PTR for reverse lookups.</summary>
internal sealed class DnsClientBackend(DnsStubClient client) : IResolverBackend
{
    private const int MaxChainQueries = 8; // follow-up queries when a CNAME target's records are not in the answer

    public DnsStubClient Client => client;

    public Task<HostEntry> ForwardAsync(string name, AddressFamilyPreference family, CancellationToken cancellationToken) =>
        family == AddressFamilyPreference.Any
            ? ForwardBothAsync(name, cancellationToken)
            : ResolveAsync(name, family == AddressFamilyPreference.InterNetwork ? DnsRecordType.A : DnsRecordType.AAAA, cancellationToken); // no state machine of its own for one family

    private async Task<HostEntry> ForwardBothAsync(string name, CancellationToken cancellationToken)
    {
        var v4 = CatchNoAddress(ResolveAsync(name, DnsRecordType.A, cancellationToken));
        var v6 = CatchNoAddress(ResolveAsync(name, DnsRecordType.AAAA, cancellationToken));
        var (four, six) = (await v4.ConfigureAwait(false), await v6.ConfigureAwait(false));
        if (four is null && six is null)
        {
            throw new HostResolutionException(HostResolutionError.NoAddress, name, $"'{name}' has no IP address.");
        }

        var first = four ?? six!;
        return new HostEntry(first.HostName, first.Aliases, [.. four?.Addresses ?? [], .. six?.Addresses ?? []]);
    }

    public async Task<HostEntry> ReverseAsync(IPAddress address, CancellationToken cancellationToken)
    {
        var response = await client.QueryReverseAsync(address, cancellationToken).ConfigureAwait(false);
        var query = address.ToString();
        ThrowOnError(response, query);
        var names = response.Answers.Where(r => r.Type == DnsRecordType.PTR && r.IsInternet).Select(r => r.Target!).ToArray();
        if (names.Length == 0)
        {
            throw new HostResolutionException(HostResolutionError.NotFound, query, $"No PTR record for {query}.");
        }

        return new HostEntry(names[0], names[1..], [address]);
    }

    private async Task<HostEntry> ResolveAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        var aliases = new List<string>();
        var current = name;
        for (var query = 0; query < MaxChainQueries; query++)
        {
            var response = await client.QueryAsync(current, type, cancellationToken).ConfigureAwait(false);
            ThrowOnError(response, name);
            current = FollowCnames(response.Answers, current, aliases, name);
            if (AddressesOf(response.Answers, type, current) is { } addresses)
            {
                return new HostEntry(current, aliases, addresses);
            }

            if (FindInternet(response.Answers, DnsRecordType.CNAME, owner: null) is null)
            {
                break; // NODATA: the name exists without records of this type
            }
        }

        throw new HostResolutionException(HostResolutionError.NoAddress, name, $"'{name}' has no {(type == DnsRecordType.A ? "IPv4" : "IPv6")} address.");
    }

    /// <summary>Follows CNAME records from <paramref name="start"/> within one answer section; returns the canonical name.</summary>
    private static string FollowCnames(IReadOnlyList<DnsRecord> answers, string start, List<string> aliases, string query)
    {
        var current = start;
        for (var hop = 0; hop <= answers.Count; hop++)
        {
            var cname = FindInternet(answers, DnsRecordType.CNAME, current);
            if (cname is null)
            {
                return current;
            }

            if (aliases.Contains(cname.Target!, StringComparer.OrdinalIgnoreCase) || string.Equals(cname.Target, start, StringComparison.OrdinalIgnoreCase))
            {
                throw new DnsFormatException(query, 0, $"CNAME loop at {cname.Target}");
            }

            aliases.Add(current);
            current = cname.Target!;
        }

        throw new DnsFormatException(query, 0, "CNAME chain longer than the answer");
    }

    // The addresses of the class IN records of this type owned by `owner`, in answer order; null when there are none.
    // Loops rather than Linq: this runs once per lookup.
    private static IPAddress[]? AddressesOf(IReadOnlyList<DnsRecord> answers, DnsRecordType type, string owner)
    {
        var count = 0;
        for (var i = 0; i < answers.Count; i++)
        {
            count += IsAddressOf(answers[i], type, owner) ? 1 : 0;
        }

        if (count == 0)
        {
            return null;
        }

        var addresses = new IPAddress[count];
        for (int i = 0, next = 0; next < count; i++)
        {
            if (IsAddressOf(answers[i], type, owner))
            {
                addresses[next++] = answers[i].Address!;
            }
        }

        return addresses;
    }

    private static bool IsAddressOf(DnsRecord record, DnsRecordType type, string owner) =>
        record.Type == type && record.IsInternet && record.Address is not null && string.Equals(record.Name, owner, StringComparison.OrdinalIgnoreCase);

    // The first class IN record of this type, owned by `owner` (any owner when null).
    private static DnsRecord? FindInternet(IReadOnlyList<DnsRecord> answers, DnsRecordType type, string? owner)
    {
        for (var i = 0; i < answers.Count; i++)
        {
            var record = answers[i];
            if (record.Type == type && record.IsInternet && (owner is null || string.Equals(record.Name, owner, StringComparison.OrdinalIgnoreCase)))
            {
                return record;
            }
        }

        return null;
    }

    private static void ThrowOnError(DnsResponse response, string query)
    {
        var error = response.ResponseCode switch
        {
            DnsResponseCode.NoError => (HostResolutionError?)null,
            DnsResponseCode.NameError => HostResolutionError.NotFound,
            DnsResponseCode.ServerFailure => HostResolutionError.TemporaryFailure,
            _ => HostResolutionError.ServerFailure,
        };
        if (error is { } e)
        {
            throw new HostResolutionException(e, query, $"'{query}': the DNS server answered {response.ResponseCode}.");
        }
    }

    private static async Task<HostEntry?> CatchNoAddress(Task<HostEntry> lookup)
    {
        try
        {
            return await lookup.ConfigureAwait(false);
        }
        catch (HostResolutionException ex) when (ex.Error == HostResolutionError.NoAddress)
        {
            return null;
        }
    }
}
