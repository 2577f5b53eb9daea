// SmtpSend: sends the mail described by a file, like the seed's inet_03/inet_04.
//   dotnet run --project samples/SmtpSend -- mail.txt [--port 25] [--verbose] [--starttls] [--user NAME]
// The file: line 1 is "server, sender, recipient"; the rest is the message (headers, blank line, body).
// With --user the password comes from the SMTP_PASSWORD environment variable.
using System.Net;
using System.Net.Sockets;
using System.Text;
using NetPrimitives.Smtp;
using NetPrimitives.Transport;

const string Usage = """
    usage: SmtpSend [-h] MAILFILE [--port N] [--verbose] [--starttls] [--user NAME]

      MAILFILE     line 1: "server, sender, recipient"; the rest: the message (headers, blank line, body).
                   Addresses are bare (me@example.org, no angle brackets); they are checked before connecting
      --port N     SMTP port. Default 25
      --verbose    print the SMTP transcript (--> sent, <-- received)
      --starttls   require STARTTLS before sending
      --user NAME  AUTH as NAME; the password comes from the SMTP_PASSWORD environment variable
    exit codes: 0 sent, 1 refused by the server or network/protocol failure, 2 usage error or bad MAILFILE
    """;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Usage);
    return 0;
}

string? file = null, user = null;
var port = 25;
bool verbose = false, startTls = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out port) && port is > 0 and <= 65535:
            i++;
            break;
        case "--user" when i + 1 < args.Length:
            user = args[++i];
            break;
        case "--verbose":
            verbose = true;
            break;
        case "--starttls":
            startTls = true;
            break;
        default:
            file = file is null && !args[i].StartsWith("--", StringComparison.Ordinal) ? args[i] : null;
            if (file is null)
            {
                Console.Error.WriteLine($"bad option or value: {args[i]}\n{Usage}");
                return 2;
            }

            break;
    }
}

if (file is null)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

string[] lines;
try
{
    lines = await File.ReadAllLinesAsync(file);
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
{
    Console.Error.WriteLine($"Cannot read {file}: {ex.Message}");
    return 2;
}

var fields = lines.Length > 0 ? lines[0].Split(',').Select(f => f.Trim()).ToArray() : [];
if (fields.Length != 3)
{
    Console.Error.WriteLine($"Line 1 of {file} must be \"server, sender, recipient\".");
    return 2;
}

var (server, sender, recipient) = (fields[0], fields[1], fields[2]);

// Checked before connecting: SmtpClientRaw refuses such an address only in SendMailAsync, after EHLO.
if ((server.Length == 0 ? "the server is empty" : AddressProblem("sender", sender) ?? AddressProblem("recipient", recipient)) is { } problem)
{
    Console.Error.WriteLine($"Line 1 of {file}: {problem}.");
    return 2;
}

// Like the seed, the From: and To: headers are added to the message text of the file.
var message = $"From: {sender}\r\nTo: {recipient}\r\n" + string.Join("\r\n", lines.Skip(1)) + "\r\n";
Console.WriteLine($"Sending the message [{server},{sender},{recipient}]");

var options = new SmtpClientRawOptions
{
    Transcript = verbose ? Console.Out : null,
    StartTls = startTls ? SmtpStartTlsPolicy.Required : SmtpStartTlsPolicy.Never,
};
try
{
    await using var client = await SmtpClientRaw.ConnectAsync(server, port, options);
    if (user is not null)
    {
        await client.AuthenticateAsync(new NetworkCredential(user, Environment.GetEnvironmentVariable("SMTP_PASSWORD") ?? string.Empty));
    }

    var result = await client.SendMailAsync(sender, [recipient], message);
    await client.QuitAsync();
    Console.WriteLine($"Message sent: {result.Reply}");
    return 0;
}
catch (SmtpCommandException ex)
{
    Console.Error.WriteLine($"The server refused {(ex.Command.Length == 0 ? "the connection" : ex.Command)}: {ex.ReplyCode} {ex.ServerText}");
    return 1;
}
catch (Exception ex) when (ex is SmtpException or TransportException or NotSupportedException or SocketException)
{
    // SocketException: a safety net, the library wraps its socket errors in TransportException.
    Console.Error.WriteLine($"Sending failed: {ex.Message}");
    return 1;
}
catch (ArgumentException ex)
{
    // A value the library refuses that the checks above let through: still the mail file's fault, not a crash.
    Console.Error.WriteLine($"Line 1 of {file}: {ex.Message}");
    return 2;
}

// The rules SmtpClientRaw applies to a mailbox (RFC 5321 §4.5.3.1), with a reason a user can act on.
// Control characters are not printed back: the message would carry them to the terminal.
static string? AddressProblem(string what, string address)
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
