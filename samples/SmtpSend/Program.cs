// SmtpSend: sends the mail described by a file, like the seed's inet_03/inet_04.
//   dotnet run --project samples/SmtpSend -- mail.txt [--port 25] [--verbose] [--starttls] [--user NAME]
// The file: line 1 is "server, sender, recipient"; the rest is the message (headers, blank line, body).
// With --user the password comes from the SMTP_PASSWORD environment variable.
using System.Net;
using NetPrimitives.Smtp;
using NetPrimitives.Transport;

const string Usage = """
    usage: SmtpSend [-h] MAILFILE [--port N] [--verbose] [--starttls] [--user NAME]

      MAILFILE     line 1: "server, sender, recipient"; the rest: the message (headers, blank line, body)
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
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
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
    Console.WriteLine($"The server refused {(ex.Command.Length == 0 ? "the connection" : ex.Command)}: {ex.ReplyCode} {ex.ServerText}");
    return 1;
}
catch (Exception ex) when (ex is SmtpException or TransportException or NotSupportedException)
{
    Console.WriteLine($"Sending failed: {ex.Message}");
    return 1;
}
