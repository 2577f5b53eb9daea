using NetPrimitives.Smtp;

namespace NetPrimitives.Tests.Smtp;

public sealed class SmtpCapabilitiesTests
{
    private static SmtpReply Ehlo(string text)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text));
        Assert.True(new SmtpReplyParser().TryReadReply(ref buffer, out var reply));
        return reply;
    }

    [Fact]
    public void Parses_every_extension_the_client_uses()
    {
        var caps = SmtpCapabilities.Parse(Ehlo(
            "250-mail.example.org Hello\r\n250-PIPELINING\r\n250-SIZE 20480000\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n"
            + "250-STARTTLS\r\n250-AUTH PLAIN login CRAM-MD5\r\n250-AUTH=LOGIN XOAUTH2\r\n250-ENHANCEDSTATUSCODES\r\n250-DSN\r\n250-VRFY\r\n250 CHUNKING\r\n"));
        Assert.True(caps.IsExtended);
        Assert.Equal("mail.example.org Hello", caps.Domain);
        Assert.True(caps.Pipelining && caps.EightBitMime && caps.SmtpUtf8 && caps.StartTls);
        Assert.True(caps.EnhancedStatusCodes && caps.Dsn && caps.Chunking && caps.Size);
        Assert.Equal(20480000, caps.MaxMessageSize);
        Assert.Equal(["PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2"], caps.AuthMechanisms);
        Assert.True(caps.Has("vrfy"));
        Assert.False(caps.Has("ETRN"));
    }

    [Theory]
    [InlineData("250-x\r\n250 SIZE\r\n")]
    [InlineData("250-x\r\n250 SIZE 0\r\n")]
    [InlineData("250-x\r\n250 SIZE lots\r\n")]
    public void Size_without_a_positive_number_means_no_declared_limit(string reply)
    {
        var caps = SmtpCapabilities.Parse(Ehlo(reply));
        Assert.True(caps.Size);
        Assert.Null(caps.MaxMessageSize);
    }

    [Fact]
    public void Single_line_ehlo_reply_has_no_extensions()
    {
        var caps = SmtpCapabilities.Parse(Ehlo("250 mail.example.org\r\n"));
        Assert.False(caps.Pipelining);
        Assert.Empty(caps.AuthMechanisms);
        Assert.Empty(caps.Keywords);
    }
}
