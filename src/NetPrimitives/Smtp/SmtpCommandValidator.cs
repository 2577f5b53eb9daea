using System.Buffers;
using System.Text;

namespace NetPrimitives.Smtp;

/// <summary>
/// Checks what goes into a command line before anything is sent: a CR, LF or NUL would let a caller's data
/// end the command and start another (command injection), a path or domain allows no control character at all
/// (RFC 5321 §4.1.2), and RFC 5321 §4.5.3.1 sets the size limits.
/// </summary>
internal static class SmtpCommandValidator
{
    /// <summary>RFC 5321 §4.5.3.1.1.</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>RFC 5321 §4.5.3.1.2.</summary>
    public const int MaxDomainLength = 255;

    /// <summary>RFC 5321 §4.5.3.1.3: the path, including the angle brackets.</summary>
    public const int MaxPathLength = 256;

    /// <summary>RFC 5321 §4.5.3.1.4: the command line, including CRLF.</summary>
    public const int MaxCommandLineLength = 512;

    private static readonly SearchValues<char> s_lineBreakers = SearchValues.Create("\r\n\0");
    private static readonly SearchValues<char> s_controls = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), '\x7f']);

    /// <summary>Validates a mailbox (<c>local@domain</c>); <paramref name="allowEmpty"/> for the null reverse-path <c>&lt;&gt;</c> of MAIL FROM.</summary>
    public static void ValidateAddress(string address, string parameterName, bool allowEmpty = false)
    {
        ArgumentNullException.ThrowIfNull(address, parameterName);
        RefuseControlCharacters(address, parameterName, "address", anyControl: true);
        if (address.Length == 0)
        {
            if (allowEmpty)
            {
                return;
            }

            throw new ArgumentException("The address is empty.", parameterName);
        }

        if (address.AsSpan().IndexOfAny(" <>") >= 0)
        {
            throw new ArgumentException($"The address \"{address}\" contains a space or an angle bracket; pass the bare mailbox (local@domain).", parameterName);
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            throw new ArgumentException($"The address \"{address}\" is not of the form local@domain.", parameterName);
        }

        if (Encoding.UTF8.GetByteCount(address.AsSpan(0, at)) > MaxLocalPartLength)
        {
            throw new ArgumentException($"The local part of \"{address}\" is longer than {MaxLocalPartLength} octets (RFC 5321 §4.5.3.1.1).", parameterName);
        }

        if (Encoding.UTF8.GetByteCount(address.AsSpan(at + 1)) > MaxDomainLength)
        {
            throw new ArgumentException($"The domain of \"{address}\" is longer than {MaxDomainLength} octets (RFC 5321 §4.5.3.1.2).", parameterName);
        }

        if (Encoding.UTF8.GetByteCount(address) + 2 > MaxPathLength)
        {
            throw new ArgumentException($"The path <{address}> is longer than {MaxPathLength} octets (RFC 5321 §4.5.3.1.3).", parameterName);
        }
    }

    /// <summary>Validates the domain (or address literal) sent with EHLO/HELO.</summary>
    public static void ValidateDomain(string domain, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain, parameterName);
        RefuseControlCharacters(domain, parameterName, "domain", anyControl: true);
        if (domain.Contains(' ', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The domain \"{domain}\" contains a space.", parameterName);
        }

        if (Encoding.UTF8.GetByteCount(domain) > MaxDomainLength)
        {
            throw new ArgumentException($"The domain is longer than {MaxDomainLength} octets (RFC 5321 §4.5.3.1.2).", parameterName);
        }
    }

    /// <summary>Validates a whole command line, without its CRLF.</summary>
    public static void ValidateCommandLine(string line, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(line, parameterName);
        RefuseControlCharacters(line, parameterName, "command");
        if (Encoding.UTF8.GetByteCount(line) + 2 > MaxCommandLineLength)
        {
            throw new ArgumentException($"The command line is longer than {MaxCommandLineLength} octets including CRLF (RFC 5321 §4.5.3.1.4).", parameterName);
        }
    }

    // A raw command line (SendCommandAsync) is the caller's own: only what would end it is refused. A path or an
    // EHLO domain is data: RFC 5321 §4.1.2's grammar (atext, qtextSMTP, sub-domain) has no C0 control or DEL in it.
    private static void RefuseControlCharacters(string value, string parameterName, string what, bool anyControl = false)
    {
        var bad = value.AsSpan().IndexOfAny(anyControl ? s_controls : s_lineBreakers);
        if (bad >= 0)
        {
            var name = value[bad] switch { '\r' => "CR", '\n' => "LF", '\0' => "NUL", '\t' => "TAB", '\x7f' => "DEL", var other => $"the control character 0x{(int)other:X2}" };
            throw new ArgumentException($"The {what} contains {name} at index {bad}; it would break the SMTP command line. Nothing was sent.", parameterName);
        }
    }
}
