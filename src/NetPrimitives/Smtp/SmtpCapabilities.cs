using System.Globalization;

namespace NetPrimitives.Smtp;

/// <summary>What the server advertised in its EHLO reply (RFC 5321 §4.1.1.1: one keyword and its parameters per line after the first).</summary>
public sealed class SmtpCapabilities
{
    private readonly Dictionary<string, string> _keywords;

    private SmtpCapabilities(string domain, Dictionary<string, string> keywords, IReadOnlyList<string> authMechanisms, long? maxSize, bool isExtended)
    {
        Domain = domain;
        _keywords = keywords;
        AuthMechanisms = authMechanisms;
        MaxMessageSize = maxSize;
        IsExtended = isExtended;
    }

    /// <summary>An empty set: what a server answering only HELO offers.</summary>
    internal static SmtpCapabilities None { get; } = new(string.Empty, new(StringComparer.OrdinalIgnoreCase), [], null, isExtended: false);

    /// <summary><see langword="true"/> when the server accepted EHLO; <see langword="false"/> after the HELO fallback.</summary>
    public bool IsExtended { get; }

    /// <summary>The text of the first EHLO line (the server's domain and greeting).</summary>
    public string Domain { get; }

    /// <summary>Every keyword advertised, upper case, with its parameters (empty string when none).</summary>
    public IReadOnlyDictionary<string, string> Keywords => _keywords;

    /// <summary>SIZE (RFC 1870): the largest message the server accepts, in bytes, or <see langword="null"/> when no limit was given (SIZE absent or <c>SIZE 0</c>).</summary>
    public long? MaxMessageSize { get; }

    /// <summary>SIZE (RFC 1870) was advertised: MAIL FROM carries <c>SIZE=</c>.</summary>
    public bool Size => Has("SIZE");

    /// <summary>PIPELINING (RFC 2920).</summary>
    public bool Pipelining => Has("PIPELINING");

    /// <summary>8BITMIME (RFC 6152).</summary>
    public bool EightBitMime => Has("8BITMIME");

    /// <summary>SMTPUTF8 (RFC 6531).</summary>
    public bool SmtpUtf8 => Has("SMTPUTF8");

    /// <summary>STARTTLS (RFC 3207).</summary>
    public bool StartTls => Has("STARTTLS");

    /// <summary>ENHANCEDSTATUSCODES (RFC 2034).</summary>
    public bool EnhancedStatusCodes => Has("ENHANCEDSTATUSCODES");

    /// <summary>DSN (RFC 3461).</summary>
    public bool Dsn => Has("DSN");

    /// <summary>CHUNKING (RFC 3030).</summary>
    public bool Chunking => Has("CHUNKING");

    /// <summary>AUTH (RFC 4954): the SASL mechanisms offered, upper case, for example PLAIN and LOGIN.</summary>
    public IReadOnlyList<string> AuthMechanisms { get; }

    /// <summary>Whether <paramref name="keyword"/> was advertised (case-insensitive).</summary>
    /// <param name="keyword">For example <c>VRFY</c>.</param>
    /// <returns><see langword="true"/> when advertised.</returns>
    public bool Has(string keyword) => _keywords.ContainsKey(keyword);

    /// <summary>Reads the capabilities from a positive EHLO reply.</summary>
    internal static SmtpCapabilities Parse(SmtpReply ehlo)
    {
        var keywords = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var mechanisms = new List<string>();
        long? maxSize = null;
        for (var i = 1; i < ehlo.Lines.Count; i++)
        {
            var line = ehlo.Lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            // Old servers also send "AUTH=LOGIN PLAIN" (before RFC 4954 was final); treat it as AUTH.
            var separator = line.IndexOfAny([' ', '=']);
            var keyword = (separator < 0 ? line : line[..separator]).ToUpperInvariant();
            var parameters = separator < 0 ? string.Empty : line[(separator + 1)..].Trim();
            keywords[keyword] = keywords.TryGetValue(keyword, out var earlier) && earlier.Length > 0 && parameters.Length > 0
                ? earlier + " " + parameters
                : parameters.Length > 0 ? parameters : earlier ?? string.Empty;

            if (keyword == "AUTH")
            {
                foreach (var mechanism in parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var upper = mechanism.ToUpperInvariant();
                    if (!mechanisms.Contains(upper))
                    {
                        mechanisms.Add(upper);
                    }
                }
            }
            else if (keyword == "SIZE"
                && long.TryParse(parameters, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                && size > 0)
            {
                // RFC 1870 §4: SIZE 0 (or no number) means no fixed limit.
                maxSize = size;
            }
        }

        return new SmtpCapabilities(ehlo.Lines[0], keywords, mechanisms, maxSize, isExtended: true);
    }
}
