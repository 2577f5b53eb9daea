using NetPrimitives.Smtp;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Smtp;

public sealed class SmtpClientRawContentTests
{
    private static readonly TimeSpan Patience = SmtpSessionFixture.Patience;

    // What a receiving server makes of the data: undo the dot-stuffing (RFC 5321 §4.5.2).
    private static string Unstuff(byte[] data) =>
        string.Join("\r\n", Encoding.UTF8.GetString(data).Split("\r\n").Select(l => l.StartsWith('.') ? l[1..] : l));

    [Fact]
    public async Task Dot_lines_and_mixed_line_ends_arrive_intact_as_crlf()
    {
        await using var f = await SmtpSessionFixture.StartAsync();
        var message = "Subject: dots\n\n.\n..two\r.leading\r\nend";
        var result = await f.Client.SendMailAsync("a@example.org", ["b@example.org"], message).AsTask().WaitAsync(Patience);
        var raw = Assert.Single(f.Server.Messages);
        Assert.Equal("Subject: dots\r\n\r\n..\r\n...two\r\n..leading\r\nend\r\n", Encoding.UTF8.GetString(raw));
        Assert.Equal("Subject: dots\r\n\r\n.\r\n..two\r\n.leading\r\nend\r\n", Unstuff(raw));
        Assert.Equal(raw.Length + 3, result.BytesSent);
    }

    [Fact]
    public async Task Size_and_8bitmime_are_declared_when_they_apply()
    {
        await using var f = await SmtpSessionFixture.StartAsync();
        await f.Client.SendMailAsync("a@example.org", ["b@example.org"], "seven bit").AsTask().WaitAsync(Patience);
        await f.Client.SendMailAsync("a@example.org", ["b@example.org"], "Grüße").AsTask().WaitAsync(Patience);
        var mails = f.Server.CommandsSnapshot().Where(c => c.StartsWith("MAIL", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["MAIL FROM:<a@example.org> SIZE=9", "MAIL FROM:<a@example.org> SIZE=7 BODY=8BITMIME"], mails);
        Assert.Equal("Grüße\r\n", Encoding.UTF8.GetString(f.Server.Messages[1]));
    }

    [Fact]
    public async Task Nothing_extra_is_declared_to_a_server_without_the_extensions()
    {
        await using var f = await SmtpSessionFixture.StartAsync(s => s.Ehlo = "250-test.local\n250 PIPELINING");
        await f.Client.SendMailAsync(string.Empty, ["b@example.org"], "Grüße").AsTask().WaitAsync(Patience);
        Assert.Contains("MAIL FROM:<>", f.Server.CommandsSnapshot());
        await Assert.ThrowsAsync<NotSupportedException>(() => f.Client.SendMailAsync("a@example.org", ["jörg@example.org"], "x").AsTask());
    }

    [Fact]
    public async Task Internationalised_addresses_use_smtputf8()
    {
        await using var f = await SmtpSessionFixture.StartAsync();
        await f.Client.SendMailAsync("a@example.org", ["jörg@bücher.example"], "x").AsTask().WaitAsync(Patience);
        Assert.Contains("MAIL FROM:<a@example.org> SIZE=1 SMTPUTF8", f.Server.CommandsSnapshot());
        Assert.Contains("RCPT TO:<jörg@bücher.example>", f.Server.CommandsSnapshot());
    }

    [Fact]
    public async Task Message_from_a_stream_in_small_reads_and_from_a_file_arrive_intact()
    {
        await using var f = await SmtpSessionFixture.StartAsync();
        var text = "Subject: stream\r\n\r\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => (i % 7 == 0 ? "." : string.Empty) + "line " + i + (i % 3 == 0 ? "\n" : "\r\n")));
        var bytes = Encoding.UTF8.GetBytes(text);
        await using (var stream = new ChunkedStream(bytes, new Random(3).Next(1, 50)))
        {
            await f.Client.SendMailAsync("a@example.org", ["b@example.org"], stream).AsTask().WaitAsync(Patience);
        }

        var path = Path.Combine(Path.GetTempPath(), $"smtp-{Guid.NewGuid():N}.eml");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            await f.Client.SendMailAsync("a@example.org", ["b@example.org"], new FileInfo(path)).AsTask().WaitAsync(Patience);
        }
        finally
        {
            File.Delete(path);
        }

        var expected = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        Assert.Equal(2, f.Server.Messages.Count);
        Assert.All(f.Server.Messages, m => Assert.Equal(expected, Unstuff(m)));
        Assert.Contains($"MAIL FROM:<a@example.org> SIZE={bytes.Length} BODY=8BITMIME", f.Server.CommandsSnapshot());
    }

    [Fact]
    public async Task Bad_addresses_and_raw_commands_are_refused_before_anything_is_sent()
    {
        await using var f = await SmtpSessionFixture.StartAsync();
        var before = f.Server.CommandsSnapshot().Length;
        await Assert.ThrowsAsync<ArgumentException>(() => f.Client.SendMailAsync("a@example.org\r\nRCPT TO:<x@evil.example>", ["b@example.org"], "x").AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => f.Client.SendMailAsync("a@example.org", ["b@example.org", "c@example.org\n"], "x").AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => f.Client.SendMailAsync("a@example.org", ["b@example.org", new string('l', 65) + "@example.org"], "x").AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => f.Client.SendMailAsync("a@example.org", [], "x").AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => f.Client.SendMailAsync("a@example.org", ["b@example.org", "you\u001bx@example.org"], "x").AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => f.Client.SendMailAsync("me\tx@example.org", ["b@example.org"], "x").AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => f.Client.SendMailAsync("a@example.org", ["b\u0001@example.org"], "x").AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => f.Client.SendCommandAsync("NOOP\r\nQUIT").AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => f.Client.SendCommandAsync("NOOP\0").AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => f.Client.SendCommandAsync("data").AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => f.Client.SendCommandAsync("STARTTLS").AsTask());
        Assert.Equal(250, (await f.Client.NoopAsync().AsTask().WaitAsync(Patience)).Code);
        Assert.Equal(["NOOP"], f.Server.CommandsSnapshot()[before..]);
    }

    [Fact]
    public async Task Raw_command_returns_any_reply_without_throwing()
    {
        await using var f = await SmtpSessionFixture.StartAsync(s => s.OnCommand = c => c.StartsWith("VRFY", StringComparison.Ordinal) ? "252 2.0.0 Cannot VRFY user" : null);
        var vrfy = await f.Client.SendCommandAsync("VRFY postmaster").AsTask().WaitAsync(Patience);
        Assert.Equal(252, vrfy.Code);
        Assert.Equal(new SmtpEnhancedStatusCode(2, 0, 0), vrfy.EnhancedStatusCode);
        var unknown = await f.Client.SendCommandAsync("XYZZY").AsTask().WaitAsync(Patience);
        Assert.Equal(502, unknown.Code);
        Assert.Equal(250, (await f.Client.ResetAsync().AsTask().WaitAsync(Patience)).Code);
        var quit = await f.Client.QuitAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(221, quit!.Code);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => f.Client.NoopAsync().AsTask());
    }

    [Fact]
    public async Task Transcript_goes_to_the_logger_and_the_text_writer_in_the_seed_format()
    {
        var writer = new StringWriter();
        var logger = new CapturingLogger();
        await using var f = await SmtpSessionFixture.StartAsync(options: new SmtpClientRawOptions { Transcript = writer }, logger: logger);
        await f.Client.SendMailAsync("a@example.org", ["b@example.org"], "hello").AsTask().WaitAsync(Patience);
        var transcript = writer.ToString();
        Assert.StartsWith("<-- [220 test.local ESMTP scripted]" + Environment.NewLine + "--> [EHLO client.test]" + Environment.NewLine + "<-- [250-test.local greets you\n250-PIPELINING", transcript, StringComparison.Ordinal);
        Assert.Contains("--> [MAIL FROM:<a@example.org> SIZE=5]", transcript, StringComparison.Ordinal);
        Assert.Contains("<-- [354 End data with <CR><LF>.<CR><LF>]", transcript, StringComparison.Ordinal);
        Assert.Contains("--> [<message data: 10 bytes, dot-stuffed, including the final .CRLF>]", transcript, StringComparison.Ordinal);
        Assert.EndsWith("<-- [250 2.0.0 Ok: queued]" + Environment.NewLine, transcript, StringComparison.Ordinal);

        Assert.Contains(logger.Entries, e => e.EventId == 500 && e.Message == "C: RCPT TO:<b@example.org>");
        Assert.Contains(logger.Entries, e => e.EventId == 501 && e.Message == "S: 250-PIPELINING");
        Assert.Contains(logger.Entries, e => e.EventId == 502);
        Assert.Contains(logger.Entries, e => e.EventId == 505);
        Assert.All(logger.Entries, e => Assert.InRange(e.EventId, 500, 599));
    }

    [Fact]
    public async Task Concurrent_operations_are_refused()
    {
        await using var f = await SmtpSessionFixture.StartAsync(s => s.OnCommand = c => c == "NOOP" ? ScriptedSmtpServer.Silence : null);
        var first = f.Client.NoopAsync(TestContext.Current.CancellationToken).AsTask();
        await Assert.ThrowsAsync<InvalidOperationException>(() => f.Client.NoopAsync().AsTask());
        Assert.False(first.IsCompleted);
    }
}
