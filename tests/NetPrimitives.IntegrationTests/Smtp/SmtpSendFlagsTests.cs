using System.Globalization;

namespace NetPrimitives.IntegrationTests.Smtp;

/// <summary>samples/SmtpSend with swaks-style flags (--host, --from, --to repeated, --subject) against aiosmtpd, with and without a mail file.</summary>
public sealed class SmtpSendFlagsTests
{
    [Fact]
    public async Task Flags_alone_send_to_every_recipient_with_the_subject()
    {
        await using var sink = await AiosmtpdSink.StartAsync();
        var (exit, stdout, stderr) = await NetPrimitives.IntegrationTests.Samples.SampleRunner.RunAsync("SmtpSend", sink.Directory,
            "--host", "127.0.0.1", "--port", sink.Port.ToString(CultureInfo.InvariantCulture),
            "--from", "me@example.org", "--to", "a@example.org", "--to", "b@example.org", "--subject", "hello there");

        Assert.True(exit == 0, $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}");
        var envelope = sink.Envelope(1);
        Assert.Equal("me@example.org", envelope.GetProperty("from").GetString());
        Assert.Equal(["a@example.org", "b@example.org"], envelope.GetProperty("to").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("From: me@example.org\r\nTo: a@example.org, b@example.org\r\nSubject: hello there\r\n\r\nThis is a test mailing\r\n",
            Encoding.UTF8.GetString(sink.Message(1)));
    }

    [Fact]
    public async Task Flags_replace_what_the_mail_file_says()
    {
        await using var sink = await AiosmtpdSink.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(sink.Directory, "mail.txt"), "nosuch.invalid, file@example.org, old@example.org\nSubject: from the file\nX-Kept: yes\n\nthe body\n");
        var (exit, stdout, stderr) = await NetPrimitives.IntegrationTests.Samples.SampleRunner.RunAsync("SmtpSend", sink.Directory,
            "mail.txt", "--server", "127.0.0.1", "--port", sink.Port.ToString(CultureInfo.InvariantCulture), "--to", "new@example.org", "--subject", "from the flag");

        Assert.True(exit == 0, $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}");
        var envelope = sink.Envelope(1);
        Assert.Equal("file@example.org", envelope.GetProperty("from").GetString()); // no --from: the file's sender
        Assert.Equal(["new@example.org"], envelope.GetProperty("to").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("From: file@example.org\r\nTo: new@example.org\r\nSubject: from the flag\r\nX-Kept: yes\r\n\r\nthe body\r\n",
            Encoding.UTF8.GetString(sink.Message(1)));
    }
}
