using NetPrimitives.Smtp;
using NetPrimitives.Transport;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.Tests.Smtp;

public sealed class SmtpClientRawSessionTests
{
    private static readonly TimeSpan Patience = SmtpSessionFixture.Patience;

    [Fact]
    public async Task Multi_line_greeting_and_ehlo_capabilities_are_read()
    {
        await using var f = await SmtpSessionFixture.StartAsync(s => s.Greeting = "220-test.local ESMTP\n220-second line\n220 ready");
        Assert.Equal(["test.local ESMTP", "second line", "ready"], f.Client.Greeting.Lines);
        Assert.True(f.Client.Capabilities.IsExtended);
        Assert.True(f.Client.Capabilities.Pipelining);
        Assert.Equal(1000000, f.Client.Capabilities.MaxMessageSize);
        Assert.Equal(["EHLO client.test"], f.Server.CommandsSnapshot());
    }

    [Theory]
    [InlineData("421 4.3.2 test.local Service not available, closing channel", 421)]
    [InlineData("554 5.7.1 no SMTP service here", 554)]
    public async Task Refusing_greeting_is_a_typed_refusal(string greeting, int code)
    {
        var f = SmtpSessionFixture.StartServer(s => s.Greeting = greeting);
        var error = await Assert.ThrowsAsync<SmtpServiceNotAvailableException>(() => f.ConnectAsync());
        Assert.Equal(code, error.ReplyCode);
        Assert.Equal(string.Empty, error.Command);
        Assert.Null(error.EnhancedStatusCode);
        Assert.Contains("Service not available", greeting.Contains("421") ? error.ServerText : "Service not available");
        await f.ServerRun.WaitAsync(Patience);
        Assert.Empty(f.Server.CommandsSnapshot());
    }

    [Fact]
    public async Task Ehlo_refused_falls_back_to_helo_and_sends_without_pipelining()
    {
        await using var f = await SmtpSessionFixture.StartAsync(s => s.OnCommand = c => c.StartsWith("EHLO", StringComparison.Ordinal) ? "502 command not implemented" : null);
        Assert.False(f.Client.Capabilities.IsExtended);
        var result = await f.Client.SendMailAsync("a@example.org", ["b@example.org"], "Subject: x\r\n\r\nhello\r\n").AsTask().WaitAsync(Patience);
        Assert.Empty(result.RefusedRecipients);
        Assert.Equal(["EHLO client.test", "HELO client.test", "MAIL FROM:<a@example.org>", "RCPT TO:<b@example.org>", "DATA"], f.Server.CommandsSnapshot());
        Assert.Null(f.Client.Greeting.EnhancedStatusCode);
    }

    [Fact]
    public async Task Pipelined_envelope_goes_in_one_batch_and_costs_two_round_trips_per_message()
    {
        await using var f = await SmtpSessionFixture.StartAsync();
        var message = "Subject: hi\r\n\r\nbody\r\n"u8.ToArray();
        for (var i = 0; i < 3; i++)
        {
            var before = f.Client.RoundTrips;
            var result = await f.Client.SendMailAsync("a@example.org", ["b@example.org", "c@example.org"], message).AsTask().WaitAsync(Patience);
            Assert.Equal(2, f.Client.RoundTrips - before);
            Assert.Equal(250, result.Reply.Code);
            Assert.Equal(2, result.Recipients.Count);
            Assert.All(result.Recipients, r => Assert.Equal(new SmtpEnhancedStatusCode(2, 1, 5), r.Reply.EnhancedStatusCode));
        }

        // RFC 2920 §3.1: MAIL, every RCPT and DATA (last in its group) in one write; the data alone after 354.
        var envelopes = f.Server.Batches.Skip(1).ToArray();
        Assert.Equal(3, envelopes.Length);
        Assert.All(envelopes, batch => Assert.Equal(
            [$"MAIL FROM:<a@example.org> SIZE={message.Length}", "RCPT TO:<b@example.org>", "RCPT TO:<c@example.org>", "DATA"], batch));
        Assert.Equal(3, f.Server.Messages.Count);
    }

    [Fact]
    public async Task Without_pipelining_each_command_waits_for_its_reply()
    {
        await using var f = await SmtpSessionFixture.StartAsync(options: new SmtpClientRawOptions { UsePipelining = false });
        var before = f.Client.RoundTrips;
        await f.Client.SendMailAsync("a@example.org", ["b@example.org", "c@example.org"], "x").AsTask().WaitAsync(Patience);

        // MAIL, RCPT, RCPT, DATA, then the data.
        Assert.Equal(5, f.Client.RoundTrips - before);
        Assert.All(f.Server.Batches, batch => Assert.Single(batch));
    }

    [Fact]
    public async Task Some_recipients_refused_is_a_result_that_says_which()
    {
        await using var f = await SmtpSessionFixture.StartAsync(s => s.OnCommand = c => c.Contains("<nobody@", StringComparison.Ordinal) ? "550 5.1.1 <nobody@example.org>: Recipient address rejected" : null);
        var result = await f.Client.SendMailAsync("a@example.org", ["b@example.org", "nobody@example.org"], "x").AsTask().WaitAsync(Patience);
        var refused = Assert.Single(result.RefusedRecipients);
        Assert.Equal("nobody@example.org", refused.Address);
        Assert.Equal(550, refused.Reply.Code);
        Assert.Equal(new SmtpEnhancedStatusCode(5, 1, 1), refused.Reply.EnhancedStatusCode);
        Assert.Single(f.Server.Messages);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task All_recipients_refused_throws_resets_and_the_session_goes_on(bool pipelining)
    {
        var refuse = true;
        await using var f = await SmtpSessionFixture.StartAsync(
            s => s.OnCommand = c => refuse && c.StartsWith("RCPT", StringComparison.Ordinal) ? "550 5.1.1 no such user"
                : refuse && c == "DATA" ? "554 5.5.1 Error: no valid recipients" : null,
            new SmtpClientRawOptions { UsePipelining = pipelining });
        var error = await Assert.ThrowsAsync<SmtpRecipientsRefusedException>(() => f.Client.SendMailAsync("a@example.org", ["x@example.org", "y@example.org"], "x").AsTask().WaitAsync(Patience));
        Assert.Equal(550, error.ReplyCode);
        Assert.Equal("RCPT TO:<x@example.org>", error.Command);
        Assert.Equal(2, error.Recipients.Count);
        Assert.Equal(new SmtpEnhancedStatusCode(5, 1, 1), error.EnhancedStatusCode);
        Assert.Equal("RSET", f.Server.CommandsSnapshot()[^1]);
        Assert.Empty(f.Server.Messages);

        refuse = false;
        var result = await f.Client.SendMailAsync("a@example.org", ["x@example.org"], "second").AsTask().WaitAsync(Patience);
        Assert.Equal(250, result.Reply.Code);
        Assert.Single(f.Server.Messages);
    }

    [Fact]
    public async Task Server_that_accepts_data_after_refusing_every_recipient_gets_an_empty_message_then_rset()
    {
        await using var f = await SmtpSessionFixture.StartAsync(
            s =>
            {
                s.OnCommand = c => c.StartsWith("RCPT", StringComparison.Ordinal) ? "550 no" : null;
                s.OnMessage = m => m.Length == 0 ? "554 5.5.1 no valid recipients" : "250 delivered?!";
            });
        await Assert.ThrowsAsync<SmtpRecipientsRefusedException>(() => f.Client.SendMailAsync("a@example.org", ["x@example.org"], "secret body").AsTask().WaitAsync(Patience));
        Assert.Equal([], Assert.Single(f.Server.Messages));
        Assert.Equal("RSET", f.Server.CommandsSnapshot()[^1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Sender_refused_for_size_throws_with_the_facts(bool pipelining)
    {
        await using var f = await SmtpSessionFixture.StartAsync(
            s => s.OnCommand = c => c.StartsWith("MAIL", StringComparison.Ordinal) ? "552 5.3.4 Message size exceeds fixed limit" : null,
            new SmtpClientRawOptions { UsePipelining = pipelining });
        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => f.Client.SendMailAsync("a@example.org", ["b@example.org"], new byte[2000]).AsTask().WaitAsync(Patience));
        Assert.Equal(552, error.ReplyCode);
        Assert.Equal(new SmtpEnhancedStatusCode(5, 3, 4), error.EnhancedStatusCode);
        Assert.Equal("MAIL FROM:<a@example.org> SIZE=2000", error.Command);
        Assert.Contains("Message size exceeds fixed limit", error.ServerText, StringComparison.Ordinal);
        Assert.False(error.IsTransient);

        // The scripted server (unlike a real one) accepts the pipelined DATA; the client then sends only the dot.
        Assert.All(f.Server.Messages, m => Assert.Empty(m));
        Assert.Equal("RSET", f.Server.CommandsSnapshot()[^1]);
        Assert.Equal(250, (await f.Client.NoopAsync().AsTask().WaitAsync(Patience)).Code);
    }

    [Fact]
    public async Task Data_command_refused_with_451_throws_and_the_session_goes_on()
    {
        var first = true;
        await using var f = await SmtpSessionFixture.StartAsync(s => s.OnCommand = c => c == "DATA" && first ? "451 4.3.0 try later" : null);
        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => f.Client.SendMailAsync("a@example.org", ["b@example.org"], "x").AsTask().WaitAsync(Patience));
        Assert.Equal(451, error.ReplyCode);
        Assert.Equal("DATA", error.Command);
        Assert.True(error.IsTransient);
        Assert.Equal("RSET", f.Server.CommandsSnapshot()[^1]);

        first = false;
        await f.Client.SendMailAsync("a@example.org", ["b@example.org"], "x").AsTask().WaitAsync(Patience);
        Assert.Single(f.Server.Messages);
    }

    [Fact]
    public async Task Message_refused_after_the_data_throws_and_the_session_goes_on()
    {
        await using var f = await SmtpSessionFixture.StartAsync(s => s.OnMessage = m => m.Length > 10 ? "554 5.6.0 content rejected" : "250 ok");
        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => f.Client.SendMailAsync("a@example.org", ["b@example.org"], "a long enough message").AsTask().WaitAsync(Patience));
        Assert.Equal(554, error.ReplyCode);
        Assert.Equal("DATA (end of message)", error.Command);
        var result = await f.Client.SendMailAsync("a@example.org", ["b@example.org"], "short").AsTask().WaitAsync(Patience);
        Assert.Equal(250, result.Reply.Code);
    }

    [Fact]
    public async Task Server_closing_mid_data_is_a_typed_error_without_a_hang()
    {
        await using var f = await SmtpSessionFixture.StartAsync(s => s.CloseAfterDataBytes = 100_000);
        var big = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456789012345678901234567890123456789\r\n", 50_000)));
        var error = await Assert.ThrowsAsync<SmtpConnectionClosedException>(() => f.Client.SendMailAsync("a@example.org", ["b@example.org"], big).AsTask().WaitAsync(Patience));
        Assert.StartsWith("DATA", error.Command, StringComparison.Ordinal);
        var after = await Assert.ThrowsAsync<InvalidOperationException>(() => f.Client.NoopAsync().AsTask());
        Assert.IsType<SmtpConnectionClosedException>(after.InnerException);
    }

    [Fact]
    public async Task Server_closing_mid_conversation_is_a_typed_error()
    {
        await using var f = await SmtpSessionFixture.StartAsync(s => s.OnCommand = c => c.StartsWith("RCPT", StringComparison.Ordinal) ? ScriptedSmtpServer.Close : null);
        var error = await Assert.ThrowsAsync<SmtpConnectionClosedException>(() => f.Client.SendMailAsync("a@example.org", ["b@example.org"], "x").AsTask().WaitAsync(Patience));
        Assert.Equal("RCPT TO:<b@example.org>", error.Command);
    }

    [Fact]
    public async Task Service_closing_421_mid_session_ends_the_session()
    {
        await using var f = await SmtpSessionFixture.StartAsync(s => s.OnCommand = c => c.StartsWith("RCPT", StringComparison.Ordinal) ? "421 4.3.2 shutting down" : null);
        var error = await Assert.ThrowsAsync<SmtpServiceNotAvailableException>(() => f.Client.SendMailAsync("a@example.org", ["b@example.org"], "x").AsTask().WaitAsync(Patience));
        Assert.Equal(421, error.ReplyCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => f.Client.NoopAsync().AsTask());

        // A session that is over is just closed by QUIT, without sending anything.
        Assert.Null(await f.Client.QuitAsync().AsTask().WaitAsync(Patience));
        Assert.DoesNotContain("QUIT", f.Server.CommandsSnapshot());
    }

    [Theory]
    [InlineData("hello there")]
    [InlineData("250-multi\n251 changed code")]
    [InlineData("999 nonsense")]
    public async Task Garbage_reply_is_a_protocol_error_and_ends_the_session(string garbage)
    {
        await using var f = await SmtpSessionFixture.StartAsync(s => s.OnCommand = c => c == "NOOP" ? garbage : null);
        await Assert.ThrowsAsync<SmtpProtocolException>(() => f.Client.NoopAsync().AsTask().WaitAsync(Patience));
        var after = await Assert.ThrowsAsync<InvalidOperationException>(() => f.Client.NoopAsync().AsTask());
        Assert.IsType<SmtpProtocolException>(after.InnerException);
    }

    [Fact]
    public async Task Endless_reply_line_is_refused_at_the_limit_not_buffered()
    {
        await using var f = await SmtpSessionFixture.StartAsync(s => s.OnCommand = c => c == "NOOP" ? "250 " + new string('x', 100_000) : null, new SmtpClientRawOptions { MaxReplyLineLength = 1000 });
        var error = await Assert.ThrowsAsync<SmtpProtocolException>(() => f.Client.NoopAsync().AsTask().WaitAsync(Patience));
        Assert.Contains("1000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("greeting")]
    [InlineData("RCPT")]
    [InlineData("DATA")]
    [InlineData("end")]
    public async Task Server_that_stops_answering_is_a_timeout(string where)
    {
        // Each timeout has its own length, so the timer armed for the silent step is told apart from the others.
        var time = new SignalingTimeProvider();
        var options = new SmtpClientRawOptions
        {
            Connection = new TcpConnectionOptions { TimeProvider = time },
            GreetingTimeout = TimeSpan.FromSeconds(201),
            RecipientTimeout = TimeSpan.FromSeconds(202),
            DataInitiationTimeout = TimeSpan.FromSeconds(203),
            DataTerminationTimeout = TimeSpan.FromSeconds(204),
        };
        var quick = where switch
        {
            "greeting" => options.GreetingTimeout,
            "RCPT" => options.RecipientTimeout,
            "DATA" => options.DataInitiationTimeout,
            _ => options.DataTerminationTimeout,
        };
        var f = SmtpSessionFixture.StartServer(s =>
        {
            s.Greeting = where == "greeting" ? ScriptedSmtpServer.Silence : s.Greeting;
            // Silent from the step on: pipelined, a reply to DATA would otherwise be read as the reply to RCPT.
            s.OnCommand = c => (where == "RCPT" && (c.StartsWith("RCPT", StringComparison.Ordinal) || c == "DATA")) || (where == "DATA" && c == "DATA") ? ScriptedSmtpServer.Silence : null;
            s.OnMessage = _ => ScriptedSmtpServer.Silence;
        });
        SmtpTimeoutException error;
        if (where == "greeting")
        {
            var connect = f.ConnectAsync(options);
            await time.ExpireAsync(quick);
            error = await Assert.ThrowsAsync<SmtpTimeoutException>(() => connect);
            Assert.Equal(string.Empty, error.Command);
            f.Pair.Client.Output.Complete();
        }
        else
        {
            await using var client = await f.ConnectAsync(options);
            var send = client.SendMailAsync("a@example.org", ["b@example.org"], "x").AsTask();
            await time.ExpireAsync(quick);
            error = await Assert.ThrowsAsync<SmtpTimeoutException>(() => send.WaitAsync(Patience));
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.NoopAsync().AsTask());
        }

        Assert.Equal(quick, error.Timeout);
        await f.ServerRun.WaitAsync(Patience);
    }
}
