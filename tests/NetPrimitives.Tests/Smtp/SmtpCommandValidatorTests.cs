using NetPrimitives.Smtp;

namespace NetPrimitives.Tests.Smtp;

public sealed class SmtpCommandValidatorTests
{
    [Theory]
    [InlineData("a@example.org\r\nRCPT TO:<evil@example.org>")]
    [InlineData("a@example.org\n")]
    [InlineData("a\r@example.org")]
    [InlineData("a\0@example.org")]
    [InlineData("you\u001bx@example.org")]
    [InlineData("a\u0001@example.org")]
    [InlineData("a\t@example.org")]
    [InlineData("a@exam\u007fple.org")]
    [InlineData("a@example.org\u001f")]
    [InlineData("a b@example.org")]
    [InlineData("<a@example.org>")]
    [InlineData("no-at-sign")]
    [InlineData("@example.org")]
    [InlineData("a@")]
    public void Bad_addresses_are_refused(string address)
    {
        Assert.Throws<ArgumentException>(() => SmtpCommandValidator.ValidateAddress(address, "address"));
    }

    [Theory]
    [InlineData('\u0001', "0x01")]
    [InlineData('\t', "TAB")]
    [InlineData('\u001b', "0x1B")]
    [InlineData('\u007f', "DEL")]
    public void Every_control_character_in_a_path_is_refused_with_its_name_and_index(char control, string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => SmtpCommandValidator.ValidateAddress($"you{control}x@example.org", "to"));
        Assert.Contains($"{name} at index 3", ex.Message);
        Assert.Contains("Nothing was sent", ex.Message);
        Assert.Equal("to", ex.ParamName);
    }

    [Fact]
    public void Rfc_5321_length_limits_are_enforced()
    {
        SmtpCommandValidator.ValidateAddress(new string('l', 64) + "@example.org", "a");
        Assert.Throws<ArgumentException>(() => SmtpCommandValidator.ValidateAddress(new string('l', 65) + "@example.org", "a"));

        var domain255 = string.Join('.', Enumerable.Repeat(new string('d', 63), 4))[..255];
        Assert.Throws<ArgumentException>(() => SmtpCommandValidator.ValidateAddress("a@" + domain255 + "x", "a"));

        // 64 + 1 + 189 = 254 octets + "<>" = 256: the longest path allowed.
        SmtpCommandValidator.ValidateAddress(new string('l', 64) + "@" + new string('d', 189), "a");
        Assert.Throws<ArgumentException>(() => SmtpCommandValidator.ValidateAddress(new string('l', 64) + "@" + new string('d', 190), "a"));

        SmtpCommandValidator.ValidateCommandLine(new string('x', 510), "c");
        Assert.Throws<ArgumentException>(() => SmtpCommandValidator.ValidateCommandLine(new string('x', 511), "c"));
    }

    [Fact]
    public void Null_reverse_path_is_allowed_only_for_the_sender()
    {
        SmtpCommandValidator.ValidateAddress(string.Empty, "from", allowEmpty: true);
        Assert.Throws<ArgumentException>(() => SmtpCommandValidator.ValidateAddress(string.Empty, "to"));
    }

    [Theory]
    [InlineData("NOOP\r\nQUIT")]
    [InlineData("NOOP\n")]
    [InlineData("NO\0OP")]
    [InlineData("")]
    public void Raw_commands_with_line_breaks_or_nul_are_refused(string line)
    {
        Assert.ThrowsAny<ArgumentException>(() => SmtpCommandValidator.ValidateCommandLine(line, "line"));
    }

    [Theory]
    [InlineData("host\r\nMAIL FROM:<x@y>")]
    [InlineData("two words")]
    [InlineData("host\u001b[31m")]
    [InlineData("host\tname")]
    [InlineData(" ")]
    public void Bad_ehlo_domains_are_refused(string domain)
    {
        Assert.ThrowsAny<ArgumentException>(() => SmtpCommandValidator.ValidateDomain(domain, "domain"));
    }
}
