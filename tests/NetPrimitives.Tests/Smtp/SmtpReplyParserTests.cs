using NetPrimitives.Smtp;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Smtp;

public sealed class SmtpReplyParserTests
{
    private sealed class ReplyComparer : IEqualityComparer<SmtpReply>
    {
        public static readonly ReplyComparer Instance = new();

        public bool Equals(SmtpReply? x, SmtpReply? y) =>
            x is not null && y is not null && x.Code == y.Code && x.Lines.SequenceEqual(y.Lines)
            && x.EnhancedStatusCode == y.EnhancedStatusCode;

        public int GetHashCode(SmtpReply obj) => obj.Code;
    }

    private static SplitReport<SmtpReply> Verify(string input, SmtpReplyParser? parser = null)
    {
        parser ??= new SmtpReplyParser();
        return ParserHarness.VerifySplits<SmtpReply>(parser.TryReadReply, Encoding.UTF8.GetBytes(input), ReplyComparer.Instance);
    }

    [Fact]
    public void Single_line_reply_at_every_split_point()
    {
        var report = Verify("250 OK\r\n");
        report.ThrowIfInconsistent();
        var reply = Assert.Single(report.Whole.Messages);
        Assert.Equal(250, reply.Code);
        Assert.Equal(["OK"], reply.Lines);
        Assert.True(reply.IsPositiveCompletion);
        Assert.Null(reply.EnhancedStatusCode);
        Assert.Equal(0, report.Whole.RemainingBytes);
    }

    [Fact]
    public void Multi_line_ehlo_reply_and_the_next_reply_at_every_split_point()
    {
        var report = Verify("250-mail.example.org\r\n250-PIPELINING\r\n250-SIZE 20480000\r\n250 DSN\r\n221 2.0.0 Bye\r\n220 partial");
        report.ThrowIfInconsistent();
        Assert.Equal(2, report.Whole.Messages.Count);
        Assert.Equal(["mail.example.org", "PIPELINING", "SIZE 20480000", "DSN"], report.Whole.Messages[0].Lines);
        Assert.Equal("250-mail.example.org\n250-PIPELINING\n250-SIZE 20480000\n250 DSN", report.Whole.Messages[0].ToString());
        Assert.Equal(221, report.Whole.Messages[1].Code);
        Assert.Equal("220 partial".Length, report.Whole.RemainingBytes);
    }

    [Fact]
    public void Bare_code_and_bare_lf_are_accepted()
    {
        var report = Verify("250\r\n354\n250-a\n250 b\n");
        report.ThrowIfInconsistent();
        Assert.Equal([250, 354, 250], report.Whole.Messages.Select(m => m.Code));
        Assert.Equal([string.Empty], report.Whole.Messages[0].Lines);
        Assert.Equal(["a", "b"], report.Whole.Messages[2].Lines);
    }

    [Fact]
    public void Multi_line_reply_whose_code_changes_is_a_protocol_error_at_every_split_point()
    {
        var report = Verify("250-first\r\n251 second\r\n");
        report.ThrowIfInconsistent();
        Assert.IsType<SmtpProtocolException>(report.Whole.Exception);
        Assert.Empty(report.Whole.Messages);
    }

    [Theory]
    [InlineData("hello world\r\n")]
    [InlineData("25 OK\r\n")]
    [InlineData("250xOK\r\n")]
    [InlineData("2a0 OK\r\n")]
    [InlineData("650 OK\r\n")]
    [InlineData("150 OK\r\n")]
    [InlineData("\r\n")]
    public void Garbage_is_a_protocol_error_at_every_split_point(string input)
    {
        var report = Verify(input);
        report.ThrowIfInconsistent();
        Assert.IsType<SmtpProtocolException>(report.Whole.Exception);
    }

    [Fact]
    public void Unknown_code_is_judged_by_its_first_digit()
    {
        var report = Verify("299 fine\r\n459 later\r\n");
        report.ThrowIfInconsistent();
        Assert.True(report.Whole.Messages[0].IsPositiveCompletion);
        Assert.True(report.Whole.Messages[1].IsTransientNegative);
    }

    [Fact]
    public void Line_longer_than_the_limit_is_refused_before_its_end_arrives()
    {
        var parser = new SmtpReplyParser(maxLineLength: 64);
        var endless = "250 " + new string('x', 200);
        var report = Verify(endless, parser);
        report.ThrowIfInconsistent();
        Assert.IsType<SmtpProtocolException>(report.Whole.Exception);

        // Exactly at the limit (62 bytes + CRLF = 64) is accepted; one more byte is not.
        var fits = "250 " + new string('y', 58) + "\r\n";
        Assert.Equal(64, fits.Length);
        var ok = Verify(fits, parser);
        ok.ThrowIfInconsistent();
        Assert.Single(ok.Whole.Messages);
        var over = Verify("250 " + new string('y', 59) + "\r\n", parser);
        Assert.IsType<SmtpProtocolException>(over.Whole.Exception);
    }

    [Fact]
    public void Reply_with_more_lines_than_the_limit_is_refused()
    {
        var parser = new SmtpReplyParser(maxLines: 3);
        var report = Verify("250-a\r\n250-b\r\n250-c\r\n250-d\r\n250 e\r\n", parser);
        report.ThrowIfInconsistent();
        Assert.IsType<SmtpProtocolException>(report.Whole.Exception);
        var three = Verify("250-a\r\n250-b\r\n250 c\r\n", parser);
        Assert.Single(three.Whole.Messages);
    }

    [Fact]
    public void Enhanced_status_code_is_parsed_only_when_advertised()
    {
        var plain = Verify("250 2.1.0 Ok\r\n");
        Assert.Null(plain.Whole.Messages[0].EnhancedStatusCode);

        var parser = new SmtpReplyParser { EnhancedStatusCodes = true };
        var report = Verify("250 2.1.0 Ok\r\n550-5.1.1 no such user\r\n550 5.1.1 really\r\n451 4.3.0\r\n250 5.1.1 class mismatch\r\n250 2.1234.0 too long\r\n", parser);
        report.ThrowIfInconsistent();
        var codes = report.Whole.Messages.Select(m => m.EnhancedStatusCode).ToArray();
        Assert.Equal(new SmtpEnhancedStatusCode(2, 1, 0), codes[0]);
        Assert.Equal(new SmtpEnhancedStatusCode(5, 1, 1), codes[1]);
        Assert.Equal(new SmtpEnhancedStatusCode(4, 3, 0), codes[2]);
        Assert.Null(codes[3]);
        Assert.Null(codes[4]);
        Assert.Equal("5.1.1", codes[1]!.Value.ToString());
        Assert.Equal(["5.1.1 no such user", "5.1.1 really"], report.Whole.Messages[1].Lines);
    }

    [Fact]
    public void Eight_bit_reply_text_is_decoded_as_utf8()
    {
        var report = Verify("250 Grüße\r\n");
        report.ThrowIfInconsistent();
        Assert.Equal("Grüße", report.Whole.Messages[0].Text);
    }
}
