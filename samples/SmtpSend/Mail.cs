using System.Text;
using NetPrimitives.Samples.Cli;

/// <summary>The mail to send: from the mail file (the seed's format), with the flags' values put over it.</summary>
internal sealed record Mail(string Server, string Sender, IReadOnlyList<string> Recipients, string Message)
{
    private const string DefaultBody = "This is a test mailing"; // swaks's

    /// <summary>
    /// Reads <paramref name="file"/> (if any) and applies the flags; every address is checked before connecting
    /// (SmtpClientRaw refuses a bad one only in SendMailAsync, after EHLO). A problem is a usage error naming where it is.
    /// </summary>
    public static async Task<Mail> ComposeAsync(string? file, string? host, string? from, string[]? to, string? subject, string? body, CancellationToken cancellationToken)
    {
        string? server = null, sender = null;
        string[] recipients = [];
        var message = new List<string> { "", body ?? DefaultBody };
        if (file is not null)
        {
            string[] lines;
            try
            {
                lines = await File.ReadAllLinesAsync(file, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw SampleException.Usage($"cannot read {file}: {ex.Message}");
            }

            var fields = lines.Length > 0 ? lines[0].Split(',').Select(f => f.Trim()).ToArray() : [];
            if (fields.Length != 3)
            {
                throw SampleException.Usage($"Line 1 of {file} must be \"server, sender, recipient\".");
            }

            if ((fields[0].Length == 0 ? "the server is empty" : AddressProblem("sender", fields[1]) ?? AddressProblem("recipient", fields[2])) is { } problem)
            {
                throw SampleException.Usage($"Line 1 of {file}: {problem}.");
            }

            (server, sender, recipients, message) = (fields[0], fields[1], [fields[2]], [.. lines.Skip(1)]);
        }

        sender = Check("--from", from, "sender") ?? sender ?? throw SampleException.Usage("--from: give the sender (or a MAILFILE)");
        if (to is { Length: > 0 })
        {
            recipients = [.. to.Select(r => Check("--to", r, "recipient")!)];
        }
        else if (recipients.Length == 0)
        {
            throw SampleException.Usage("--to: give at least one recipient (or a MAILFILE)");
        }

        if (subject is not null)
        {
            if (subject.Any(char.IsControl))
            {
                throw SampleException.Usage("--subject: no line breaks or other control characters in a header");
            }

            // The flag replaces the file's Subject: header lines before the first blank line are the head.
            var headEnd = message.IndexOf("") is var blank and >= 0 ? blank : message.Count;
            message = [$"Subject: {subject}", .. message.Take(headEnd).Where(h => !h.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase)), .. message.Skip(headEnd)];
        }

        // Like the seed, the From: and To: headers are added to the message text.
        var text = $"From: {sender}\r\nTo: {string.Join(", ", recipients)}\r\n" + string.Join("\r\n", message) + "\r\n";
        return new Mail(host ?? server ?? "127.0.0.1", sender, recipients, text);
    }

    private static string? Check(string option, string? address, string what) =>
        address is not null && AddressProblem(what, address) is { } problem ? throw SampleException.Usage($"{option}: {problem}") : address;

    // The rules SmtpClientRaw applies to a mailbox (RFC 5321 §4.5.3.1), with a reason a user can act on.
    // Control characters are not printed back: the message would carry them to the terminal.
    private static string? AddressProblem(string what, string address)
    {
        if (address.Length == 0)
        {
            return $"the {what} is empty";
        }

        // No control character belongs in an address: a CR, LF or NUL would even end the SMTP command line.
        for (var i = 0; i < address.Length; i++)
        {
            if (char.IsControl(address[i]))
            {
                return $"the {what} contains the control character U+{(int)address[i]:X4} at position {i + 1}";
            }
        }

        if (address.IndexOf(' ', StringComparison.Ordinal) is var space and >= 0)
        {
            return $"the {what} \"{address}\" contains a space at position {space + 1}";
        }

        if (address.AsSpan().IndexOfAny('<', '>') >= 0)
        {
            return $"the {what} \"{address}\" has angle brackets; write the bare address: {address.Trim('<', '>')}";
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return $"the {what} \"{address}\" is not of the form local@domain";
        }

        var (local, domain) = (Encoding.UTF8.GetByteCount(address.AsSpan(0, at)), Encoding.UTF8.GetByteCount(address.AsSpan(at + 1)));
        return local > 64 ? $"the local part of the {what} is {local} bytes long; at most 64 (RFC 5321 §4.5.3.1.1)"
            : domain > 255 ? $"the domain of the {what} is {domain} bytes long; at most 255 (RFC 5321 §4.5.3.1.2)"
            : local + 1 + domain + 2 > 256 ? $"the {what} <{address}> is {local + 1 + domain + 2} bytes long with its angle brackets; at most 256 (RFC 5321 §4.5.3.1.3)"
            : null;
    }
}
