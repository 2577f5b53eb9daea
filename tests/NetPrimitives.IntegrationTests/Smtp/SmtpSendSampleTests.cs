using NetPrimitives.IntegrationTests.Samples;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Smtp;

/// <summary>samples/SmtpSend run as a user runs it (<c>dotnet SmtpSend.dll mail.txt --port N --verbose</c>) against aiosmtpd.</summary>
public sealed class SmtpSendSampleTests
{
    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await SampleRunner.RunAsync("SmtpSend", null, arguments);
        return (exitCode, stdout + stderr);
    }

    [Fact]
    public async Task Sends_the_seed_mail_file_with_a_transcript_and_reports_a_refusal()
    {
        await using var sink = await AiosmtpdSink.StartAsync();
        var file = Path.Combine(sink.Directory, "mail.txt");
        await File.WriteAllTextAsync(file, "127.0.0.1, serge@example.org , serge@example.org\nSubject: test\n\nligne1\n.\nligne3\n");
        var (exit, output) = await RunAsync(file, "--port", sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--verbose");
        Assert.Equal(0, exit);
        Assert.Contains("--> [MAIL FROM:<serge@example.org> SIZE=", output, StringComparison.Ordinal);
        Assert.Contains("<-- [354 End data with <CR><LF>.<CR><LF>]", output, StringComparison.Ordinal);
        Assert.Contains("Message sent: 250 2.0.0 Ok: stored 1", output, StringComparison.Ordinal);
        Assert.Equal("From: serge@example.org\r\nTo: serge@example.org\r\nSubject: test\r\n\r\nligne1\r\n.\r\nligne3\r\n", Encoding.UTF8.GetString(sink.Message(1)));

        await File.WriteAllTextAsync(file, "127.0.0.1, a@example.org, refused@example.org\nSubject: no\n\nx\n");
        (exit, output) = await RunAsync(file, "--port", sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, exit);
        Assert.Contains("SmtpSend: the server refused RCPT TO:<refused@example.org>: 550", output, StringComparison.Ordinal);

        (exit, output) = await RunAsync(file, "--port", sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tls", "starttls");
        Assert.Equal(1, exit);
        Assert.Contains("does not offer STARTTLS", output, StringComparison.Ordinal);
    }
}
