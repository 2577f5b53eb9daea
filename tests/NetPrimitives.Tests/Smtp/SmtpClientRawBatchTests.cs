using System.Text;
using NetPrimitives.Smtp;

namespace NetPrimitives.Tests.Smtp;

public sealed class SmtpClientRawBatchTests
{
    private static readonly TimeSpan Patience = SmtpSessionFixture.Patience;

    [Fact]
    public async Task Pipelined_batch_sends_each_message_with_the_next_envelope_one_round_trip_per_message()
    {
        await using var f = await SmtpSessionFixture.StartAsync();
        var messages = Enumerable.Range(0, 4).Select(i => Message("a@example.org", ["b@example.org", "c@example.org"], $"Subject: {i}\r\n\r\n.dot-led line {i}\r\n")).ToArray();
        var before = f.Client.RoundTrips;

        var results = await CollectAsync(f.Client.SendBatchAsync(messages)).WaitAsync(Patience);

        // One group per message (its envelope with the previous message's data) and one for the last data: n + 1.
        Assert.Equal(messages.Length + 1, f.Client.RoundTrips - before);
        Assert.Equal([0, 1, 2, 3], results.Select(r => r.Index));
        Assert.All(results, r => Assert.True(r.Accepted));
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.All(results, r => Assert.Equal(250, r.Result!.Reply.Code));
        Assert.All(results, r => Assert.Equal(2, r.Result!.Recipients.Count));
        Assert.Same(messages[2], results[2].Message);
        Assert.Equal(
            messages.Select(m => Encoding.ASCII.GetString(m.Content.Span).Replace("\r\n.", "\r\n..", StringComparison.Ordinal)),
            f.Server.Messages.Select(m => Encoding.ASCII.GetString(m)));
        var envelope = new[] { $"MAIL FROM:<a@example.org> SIZE={messages[0].Content.Length}", "RCPT TO:<b@example.org>", "RCPT TO:<c@example.org>", "DATA" };
        Assert.Equal(Enumerable.Repeat(envelope, 4).SelectMany(e => e), f.Server.CommandsSnapshot().Skip(1));

        // The session goes on after the batch.
        var after = await f.Client.SendMailAsync("a@example.org", ["b@example.org"], "Subject: after\r\n\r\nx\r\n").AsTask().WaitAsync(Patience);
        Assert.Equal(250, after.Reply.Code);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Refused_and_invalid_messages_are_their_own_results_and_the_batch_goes_on(bool pipelining)
    {
        var noValidRecipient = false;
        await using var f = await SmtpSessionFixture.StartAsync(
            s =>
            {
                s.OnCommand = c =>
                {
                    if (c.StartsWith("MAIL", StringComparison.Ordinal))
                    {
                        noValidRecipient = true;
                        return c.Contains("<blocked@", StringComparison.Ordinal) ? "550 5.7.1 sender blocked" : null;
                    }

                    if (c.StartsWith("RCPT", StringComparison.Ordinal))
                    {
                        var refused = c.Contains("<nobody@", StringComparison.Ordinal);
                        noValidRecipient &= refused;
                        return refused ? "550 5.1.1 no such user" : null;
                    }

                    return c == "DATA" && noValidRecipient ? "554 5.5.1 Error: no valid recipients" : null;
                };
                s.OnMessage = m => Encoding.ASCII.GetString(m).Contains("spam", StringComparison.Ordinal) ? "554 5.7.1 looks like spam" : "250 2.0.0 Ok: queued";
            },
            new SmtpClientRawOptions { UsePipelining = pipelining });
        SmtpOutgoingMessage[] messages =
        [
            Message("a@example.org", ["b@example.org"], "Subject: 0\r\n\r\nfirst\r\n"),
            Message("a@example.org", ["nobody@example.org"], "Subject: 1\r\n\r\nnobody gets this\r\n"),
            Message("a@example.org", ["b@example.org"], "Subject: 2\r\n\r\nspam\r\n"),
            Message("a@example.org", ["you\u001bx@example.org"], "Subject: 3\r\n\r\ninvalid address\r\n"),
            Message("blocked@example.org", ["b@example.org"], "Subject: 4\r\n\r\nblocked sender\r\n"),
            Message("a@example.org", ["b@example.org", "nobody@example.org"], "Subject: 5\r\n\r\nlast\r\n"),
        ];

        var results = await CollectAsync(f.Client.SendBatchAsync(messages)).WaitAsync(Patience);

        Assert.Equal([0, 1, 2, 3, 4, 5], results.Select(r => r.Index));
        Assert.Equal([true, false, false, false, false, true], results.Select(r => r.Accepted));
        var recipients = Assert.IsType<SmtpRecipientsRefusedException>(results[1].Error);
        Assert.Equal(550, recipients.ReplyCode);
        var spam = Assert.IsType<SmtpCommandException>(results[2].Error);
        Assert.Equal(554, spam.ReplyCode);
        Assert.Equal("DATA (end of message)", spam.Command);
        Assert.IsType<ArgumentException>(results[3].Error);
        var sender = Assert.IsType<SmtpCommandException>(results[4].Error);
        Assert.Equal("MAIL FROM:<blocked@example.org> SIZE=" + messages[4].Content.Length, sender.Command);
        Assert.Equal("nobody@example.org", Assert.Single(results[5].Result!.RefusedRecipients).Address);

        // The invalid address never went out; each refused envelope was reset before the next MAIL FROM.
        var commands = f.Server.CommandsSnapshot();
        Assert.DoesNotContain(commands, c => c.Contains('\u001b', StringComparison.Ordinal));
        Assert.Equal(2, commands.Count(c => c == "RSET"));
        Assert.Equal(["first", "spam", "last"], f.Server.Messages.Where(m => m.Length > 0).Select(m => Encoding.ASCII.GetString(m).Split("\r\n")[2]));

        // Pipelined, the server opened DATA for the blocked sender (its RCPT was fine): it got a lone dot, no content.
        Assert.Equal(pipelining ? 1 : 0, f.Server.Messages.Count(m => m.Length == 0));
    }

    [Fact]
    public async Task Server_that_opens_data_after_refusing_every_recipient_gets_an_empty_message_then_rset_and_the_batch_goes_on()
    {
        await using var f = await SmtpSessionFixture.StartAsync(
            s =>
            {
                s.OnCommand = c => c.Contains("<nobody@", StringComparison.Ordinal) ? "550 no" : null;
                s.OnMessage = m => m.Length == 0 ? "554 5.5.1 no valid recipients" : "250 2.0.0 Ok: queued";
            });

        var results = await CollectAsync(f.Client.SendBatchAsync(
        [
            Message("a@example.org", ["nobody@example.org"], "Subject: secret\r\n\r\nsecret body\r\n"),
            Message("a@example.org", ["b@example.org"], "Subject: ok\r\n\r\nok\r\n"),
        ])).WaitAsync(Patience);

        Assert.IsType<SmtpRecipientsRefusedException>(results[0].Error);
        Assert.True(results[1].Accepted);
        Assert.Equal(2, f.Server.Messages.Count);
        Assert.Empty(f.Server.Messages[0]);
        Assert.DoesNotContain("secret", Encoding.ASCII.GetString(f.Server.Messages[1]), StringComparison.Ordinal);
        Assert.Contains("RSET", f.Server.CommandsSnapshot());
    }

    [Fact]
    public async Task Service_closing_421_mid_batch_ends_the_enumeration_with_the_typed_error_after_the_results_so_far()
    {
        var mails = 0;
        await using var f = await SmtpSessionFixture.StartAsync(
            s => s.OnCommand = c => c.StartsWith("MAIL", StringComparison.Ordinal) && ++mails == 3 ? "421 4.3.2 shutting down" : null);
        var results = new List<SmtpBatchResult>();
        var messages = Enumerable.Range(0, 5).Select(i => Message("a@example.org", ["b@example.org"], $"Subject: {i}\r\n\r\nx\r\n")).ToArray();

        var error = await Assert.ThrowsAsync<SmtpServiceNotAvailableException>(async () =>
        {
            await foreach (var result in f.Client.SendBatchAsync(messages).WithCancellation(CancellationToken.None))
            {
                results.Add(result);
            }
        }).WaitAsync(Patience);

        Assert.Equal(421, error.ReplyCode);
        Assert.Equal([0, 1], results.Select(r => r.Index));
        Assert.All(results, r => Assert.True(r.Accepted));
        await Assert.ThrowsAsync<InvalidOperationException>(() => f.Client.SendMailAsync("a@example.org", ["b@example.org"], "x").AsTask());
    }

    [Fact]
    public async Task Leaving_a_batch_while_a_message_is_on_its_way_ends_the_session()
    {
        await using var f = await SmtpSessionFixture.StartAsync();
        var messages = Enumerable.Range(0, 3).Select(i => Message("a@example.org", ["b@example.org"], $"Subject: {i}\r\n\r\nx\r\n")).ToArray();

        await foreach (var result in f.Client.SendBatchAsync(messages).WithCancellation(CancellationToken.None))
        {
            Assert.True(result.Accepted);
            break; // message 1's envelope is answered and its data not sent
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => f.Client.SendMailAsync("a@example.org", ["b@example.org"], "x").AsTask());
        Assert.Contains("batch was stopped", error.Message, StringComparison.Ordinal);
        Assert.Single(f.Server.Messages);
    }

    [Fact]
    public async Task Leaving_a_batch_with_nothing_on_its_way_keeps_the_session()
    {
        await using var f = await SmtpSessionFixture.StartAsync();

        // The first message is invalid: its result comes before anything is written.
        await foreach (var result in f.Client.SendBatchAsync([Message("a@example.org", [], "x"), Message("a@example.org", ["b@example.org"], "y")]).WithCancellation(CancellationToken.None))
        {
            Assert.IsType<ArgumentException>(result.Error);
            break;
        }

        var after = await f.Client.SendMailAsync("a@example.org", ["b@example.org"], "Subject: after\r\n\r\nx\r\n").AsTask().WaitAsync(Patience);
        Assert.Equal(250, after.Reply.Code);
    }

    private static SmtpOutgoingMessage Message(string from, string[] to, string content) => new(from, to, Encoding.ASCII.GetBytes(content));

    private static async Task<List<SmtpBatchResult>> CollectAsync(IAsyncEnumerable<SmtpBatchResult> results)
    {
        var list = new List<SmtpBatchResult>();
        await foreach (var result in results.WithCancellation(CancellationToken.None))
        {
            list.Add(result);
        }

        return list;
    }
}
