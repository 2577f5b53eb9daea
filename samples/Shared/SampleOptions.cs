using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using System.Text;
using NetPrimitives.Names;

namespace NetPrimitives.Samples.Cli;

/// <summary>
/// The options every sample spells the same way: <c>--bind ADDRESS</c> for servers, <c>--host HOST</c> for
/// clients, <c>--port N</c> with its range checked. A bad value is reported with the option, the value and why.
/// </summary>
public static class SampleOptions
{
    /// <summary>What <c>--bind</c> takes for every interface (IPv4 and IPv6).</summary>
    public const string AllInterfaces = "all";

    /// <summary><c>--port N</c>: 1-65535, and 0 for a server (the system chooses; the sample prints the real port).</summary>
    public static Option<int> Port(int defaultPort, bool server, string description, params string[] aliases) => new("--port", aliases)
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => defaultPort,
        CustomParser = result => ParsePort(result, "--port", server),
    };

    /// <summary>A positional PORT (telnet's <c>HOST PORT</c>), checked like <c>--port</c> for a client.</summary>
    public static Argument<int> PortArgument(string description) => new("PORT")
    {
        Description = description,
        CustomParser = result => ParsePort(result, "PORT", allowZero: false),
    };

    /// <summary><c>--bind ADDRESS</c>: an address, a host name, or <c>all</c>; checked here, resolved by <see cref="ResolveBindAsync"/>.</summary>
    public static Option<string> Bind(string defaultAddress = "127.0.0.1") => new("--bind")
    {
        Description = "address or host name to listen on; 'all' listens on every interface (IPv4 and IPv6)",
        HelpName = "ADDRESS",
        DefaultValueFactory = _ => defaultAddress,
        Validators = { result => CheckHost(result, "--bind", result.GetValueOrDefault<string>(), allowAll: true) },
    };

    /// <summary><c>--host HOST</c>: the server a client talks to, an address or a host name (every address is tried).</summary>
    public static Option<string> Host(string description = "server to connect to: an address or a host name", string defaultHost = "127.0.0.1") => new("--host")
    {
        Description = description,
        HelpName = "HOST",
        DefaultValueFactory = _ => defaultHost,
        Validators = { result => CheckHost(result, "--host", result.GetValueOrDefault<string>(), allowAll: false) },
    };

    /// <summary>A positional HOST, checked like <c>--host</c>; optional when it has a default.</summary>
    public static Argument<string> HostArgument(string description, string? defaultHost = null)
    {
        var argument = new Argument<string>("HOST")
        {
            Description = description,
            Validators = { result => CheckHost(result, "HOST", result.GetValueOrDefault<string>(), allowAll: false) },
        };
        if (defaultHost is not null)
        {
            argument.Arity = ArgumentArity.ZeroOrOne;
            argument.DefaultValueFactory = _ => defaultHost;
        }

        return argument;
    }

    /// <summary>
    /// The address a <c>--bind</c> value stands for: <c>all</c> is IPv6Any (dual-mode: IPv4 too), a literal is
    /// itself, a name its first address. A name that does not resolve is a <see cref="SampleException"/> naming
    /// the option (exit 1).
    /// </summary>
    public static async Task<IPAddress> ResolveBindAsync(string bind, CancellationToken cancellationToken)
    {
        if (bind == AllInterfaces)
        {
            return IPAddress.IPv6Any;
        }

        if (IPAddress.TryParse(bind, out var literal))
        {
            return literal;
        }

        try
        {
            return (await new HostResolver().GetHostByNameExAsync(bind, AddressFamilyPreference.Any, cancellationToken)).Addresses[0];
        }
        catch (HostResolutionException ex) when (ex is not InvalidHostNameException)
        {
            throw new SampleException($"--bind {bind}: cannot listen there: {ex.Message}", ExitCodes.Failure, ex);
        }
        catch (InvalidHostNameException ex)
        {
            throw new SampleException($"--bind: {ex.Message}", ExitCodes.Usage, ex);
        }
    }

    private static int ParsePort(ArgumentResult result, string name, bool allowZero)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 && (port > 0 || allowZero))
        {
            return port;
        }

        result.AddError($"{name}: {Printable(text)} is not a port ({(allowZero ? "1-65535 or 0" : "1-65535")})");
        return 0;
    }

    /// <summary>Why <paramref name="value"/> is not an address or a host name (null when it is one), for a message after the option's name.</summary>
    public static string? HostProblem(string? value, bool allowAll = false)
    {
        value ??= "";
        return value.Length == 0 ? "empty; give an address or a host name"
            : allowAll && value == AllInterfaces ? null
            : IPAddress.TryParse(value, out _) ? null
            : value.Length > 253 ? $"{value.Length} characters; a host name has at most 253"
            : Uri.CheckHostName(value) != UriHostNameType.Dns ? $"{Printable(value)} is not an address or a host name"
            : null;
    }

    private static void CheckHost(SymbolResult result, string name, string? value, bool allowAll)
    {
        if (HostProblem(value, allowAll) is { } problem)
        {
            result.AddError($"{name}: {problem}");
        }
    }

    /// <summary>
    /// <paramref name="value"/> as it may be shown on a terminal: control characters (an escape sequence would run
    /// there) written as <c>\uXXXX</c>.
    /// </summary>
    public static string Printable(string value)
    {
        if (!value.Any(char.IsControl))
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        }

        return text.ToString();
    }
}
