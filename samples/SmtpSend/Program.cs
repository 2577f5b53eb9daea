// SmtpSend: sends a mail like the seed's inet_03/inet_04, from a mail file or from swaks-style flags.
//   dotnet run --project samples/SmtpSend -- mail.txt [--port 25] [--verbose] [--tls starttls] [--user NAME]
//   dotnet run --project samples/SmtpSend -- --host 127.0.0.1 --port 8025 --from me@example.org --to you@example.org --subject hi
// The file: line 1 is "server, sender, recipient"; the rest is the message (headers, blank line, body). The flags
// --host, --from, --to (repeatable) and --subject replace what the file says; without a file they say it all.
// With --user the password comes from the SMTP_PASSWORD environment variable. --tls implicit speaks TLS from the first
// byte (port 465, RFC 8314), --tls starttls upgrades with STARTTLS (RFC 3207) and refuses a server without it; the
// certificate must be valid for the server's name (--cacert PATH trusts a private authority; --insecure: test only).
using System.CommandLine;
using System.Net;
using System.Text;
using NetPrimitives.Samples.Cli;
using NetPrimitives.Smtp;

var file = new Argument<string?>("MAILFILE")
{
    Description = "line 1: \"server, sender, recipient\"; the rest: the message (headers, blank line, body)",
    Arity = ArgumentArity.ZeroOrOne,
};
var host = new Option<string?>("--host", "--server")
{
    Description = "the SMTP server (swaks: --server); default: line 1 of MAILFILE, else 127.0.0.1",
    HelpName = "HOST",
    Validators = { result => { if (SampleOptions.HostProblem(result.GetValueOrDefault<string>()) is { } problem) { result.AddError($"--host: {problem}"); } } },
};
var port = SampleOptions.Port(25, server: false, "SMTP port");
var from = new Option<string?>("--from") { Description = "the sender (bare: me@example.org); replaces line 1's", HelpName = "ADDRESS" };
var to = new Option<string[]>("--to")
{
    Description = "a recipient; repeat for more (--to a@x --to b@x); replaces line 1's",
    HelpName = "ADDRESS",
    Arity = ArgumentArity.OneOrMore,
    AllowMultipleArgumentsPerToken = false,
};
var subject = new Option<string?>("--subject") { Description = "the Subject header; replaces the file's", HelpName = "TEXT" };
var body = new Option<string?>("--body") { Description = "the text of a mail without MAILFILE (default, as swaks: \"This is a test mailing\")", HelpName = "TEXT" };
var verbose = new Option<bool>("--verbose") { Description = "print the SMTP transcript (--> sent, <-- received)" };
var tls = new Option<string>("--tls")
{
    Description = "implicit: TLS from the first byte (port 465); starttls: require STARTTLS before sending; none: plain text",
    HelpName = "implicit|starttls|none",
    DefaultValueFactory = _ => "none",
    Validators =
    {
        result =>
        {
            if (result.GetValueOrDefault<string>() is not ("implicit" or "starttls" or "none") and var other)
            {
                result.AddError($"--tls: {SampleOptions.Printable(other ?? "")} is not implicit, starttls or none");
            }
        },
    },
};
var trust = new TrustOptions();
var user = new Option<string?>("--user") { Description = "AUTH as NAME; the password comes from the SMTP_PASSWORD environment variable", HelpName = "NAME" };
var command = new RootCommand("Sends one mail with SmtpClientRaw (inet_03, inet_04), described by a mail file or by flags like swaks.")
{
    file, host, port, from, to, subject, body, verbose, tls, user,
};
foreach (var option in trust.All)
{
    option.Validators.Add(result =>
    {
        // Implicit: not given (--insecure's default). The token, not GetValue: a value outside the three has its own error.
        if (!result.Implicit && result.GetResult(tls) is not { Implicit: false, Tokens: [.., { Value: "implicit" or "starttls" }] })
        {
            result.AddError($"{option.Name}: only with --tls implicit or --tls starttls");
        }
    });
    command.Options.Add(option);
}

command.SetAction(async (parse, stop) =>
{
    var options = new SmtpClientRawOptions
    {
        Transcript = parse.GetValue(verbose) ? Console.Out : null,
        ImplicitTls = parse.GetValue(tls) == "implicit",
        StartTls = parse.GetValue(tls) == "starttls" ? SmtpStartTlsPolicy.Required : SmtpStartTlsPolicy.Never,
        ServerCertificateValidation = trust.Callback(parse), // null: the system's trust, for the server's name
    };
    var mail = await Mail.ComposeAsync(parse.GetValue(file), parse.GetValue(host), parse.GetValue(from), parse.GetValue(to), parse.GetValue(subject), parse.GetValue(body), stop);
    Console.WriteLine($"Sending the message [{mail.Server},{mail.Sender},{string.Join(',', mail.Recipients)}]");
    try
    {
        await using var client = await SmtpClientRaw.ConnectAsync(mail.Server, parse.GetValue(port), options, cancellationToken: stop);
        if (parse.GetValue(user) is { } name)
        {
            await client.AuthenticateAsync(new NetworkCredential(name, Environment.GetEnvironmentVariable("SMTP_PASSWORD") ?? string.Empty), cancellationToken: stop);
        }

        var result = await client.SendMailAsync(mail.Sender, mail.Recipients, mail.Message, stop);
        await client.QuitAsync(stop);
        Console.WriteLine($"Message sent: {result.Reply}");
        return ExitCodes.Ok;
    }
    catch (SmtpCommandException ex)
    {
        throw new SampleException($"the server refused {(ex.Command.Length == 0 ? "the connection" : ex.Command)}: {ex.ReplyCode} {ex.ServerText}", ExitCodes.Failure, ex);
    }
    catch (NotSupportedException ex)
    {
        throw new SampleException(ex.Message, ExitCodes.Failure, ex); // an AUTH mechanism or a feature the server lacks
    }
});

return await SampleApp.RunAsync(command, args, """
    Exit codes: 0 sent, 1 refused by the server or a network/protocol failure, 2 usage error or a bad MAILFILE,
    130 stopped with Ctrl+C, 143 stopped with SIGTERM.
    """);

