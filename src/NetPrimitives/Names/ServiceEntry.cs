namespace NetPrimitives.Names;

/// <summary>One service from <c>/etc/services</c> (or the built-in table): like C's <c>struct servent</c>.</summary>
public sealed class ServiceEntry
{
    /// <summary>Creates an entry.</summary>
    /// <param name="name">The official service name.</param>
    /// <param name="port">The port number.</param>
    /// <param name="protocol">The protocol, lower case (<c>tcp</c>, <c>udp</c>, <c>sctp</c>, ...).</param>
    /// <param name="aliases">Other names of the service.</param>
    public ServiceEntry(string name, int port, string protocol, IReadOnlyList<string> aliases)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        ArgumentNullException.ThrowIfNull(aliases);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Name = name;
        Port = port;
        Protocol = protocol;
        Aliases = aliases;
    }

    /// <summary>The official service name (for example <c>smtp</c>).</summary>
    public string Name { get; }

    /// <summary>The port number (for example 25).</summary>
    public int Port { get; }

    /// <summary>The protocol, lower case (for example <c>tcp</c>).</summary>
    public string Protocol { get; }

    /// <summary>Other names of the service (for example <c>mail</c> for smtp); may be empty.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>Returns the <c>/etc/services</c> line form.</summary>
    /// <returns>For example <c>smtp 25/tcp mail</c>.</returns>
    public override string ToString() =>
        Aliases.Count == 0 ? $"{Name} {Port}/{Protocol}" : $"{Name} {Port}/{Protocol} {string.Join(' ', Aliases)}";
}
