using System.Net;
using NetPrimitives.Smtp;

/// <summary>The Tour's SMTP section: SmtpClientRaw against an in-process SMTP sink on loopback, transcript on.</summary>
internal static class SmtpSection
{
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        // Not a real mail server: LoopbackSmtpSink (in this sample) accepts everything and discards it.
        await using var sink = new LoopbackSmtpSink().Start();
        Console.WriteLine($"   in-process SMTP sink (not a mail server) listening on 127.0.0.1:{sink.Port}");

        var transcript = new StringWriter();
        var options = new SmtpClientRawOptions { LocalDomain = "tour.local", Transcript = transcript };
        await using var client = await SmtpClientRaw.ConnectAsync(IPAddress.Loopback.ToString(), sink.Port, options, cancellationToken: cancellationToken);
        var message = "Subject: Tour\r\n\r\nA line.\r\n.A line starting with a dot (sent as \"..\").\r\n";
        var result = await client.SendMailAsync("tour@example.org", ["a@example.org", "b@example.org"], message, cancellationToken);
        await client.QuitAsync(cancellationToken);

        foreach (var line in transcript.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
        {
            Console.WriteLine("   " + line.Replace("\n", "\n   ", StringComparison.Ordinal));
        }

        Console.WriteLine($"   accepted for {result.Recipients.Count(r => r.Accepted)} of {result.Recipients.Count} recipients; sink counted {sink.Messages} message(s)");
    }
}
