using System.Net;
using NetPrimitives.Names;

namespace NetPrimitives.Tests.Names;

public sealed class HostNameValidatorTests
{
    [Theory]
    [InlineData("localhost", "localhost")]
    [InlineData("www.example.com", "www.example.com")]
    [InlineData("www.example.com.", "www.example.com")]
    [InlineData("_sip._tcp.example.com", "_sip._tcp.example.com")]
    [InlineData("3com.com", "3com.com")]
    [InlineData("a-b.c", "a-b.c")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    public void Valid_names_pass_and_come_back_in_ascii(string name, string expected)
    {
        Assert.Equal(expected, HostNameValidator.Validate(name));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData(".", "empty")]
    [InlineData("a..b", "empty label")]
    [InlineData(".a", "empty label")]
    [InlineData("a b", "bad character")]
    [InlineData("a/b", "bad character")]
    [InlineData("a\u0000b", "bad character")]
    [InlineData("-a.com", "hyphen")]
    [InlineData("a-.com", "hyphen")]
    [InlineData("1.2.3.999", "numeric")]
    [InlineData("0x7f.1", "numeric")]
    [InlineData("1", "numeric")]
    public void Invalid_names_are_rejected_with_the_reason(string name, string reasonFragment)
    {
        var ex = Assert.Throws<InvalidHostNameException>(() => HostNameValidator.Validate(name));
        Assert.Contains(reasonFragment, ex.Reason, StringComparison.Ordinal);
        Assert.Equal(HostResolutionError.InvalidName, ex.Error);
        Assert.Equal(name, ex.Query);
    }

    [Fact]
    public void Label_limit_is_63()
    {
        Assert.Equal(new string('a', 63) + ".com", HostNameValidator.Validate(new string('a', 63) + ".com"));
        var ex = Assert.Throws<InvalidHostNameException>(() => HostNameValidator.Validate(new string('a', 64) + ".com"));
        Assert.Contains("longer than 63", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_limit_is_253()
    {
        var label = new string('a', 49);
        var ok = string.Join('.', Enumerable.Repeat(label, 5)) + ".abc"; // 5*50 + 3 = 253
        Assert.Equal(253, ok.Length);
        Assert.Equal(ok, HostNameValidator.Validate(ok));
        Assert.Equal(ok, HostNameValidator.Validate(ok + "."));
        var ex = Assert.Throws<InvalidHostNameException>(() => HostNameValidator.Validate(ok + "d"));
        Assert.Contains("longer than 253", ex.Reason, StringComparison.Ordinal);
        Assert.Throws<InvalidHostNameException>(() => HostNameValidator.Validate(new string('a', 100_000)));
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    [InlineData("::1", "::1")]
    [InlineData("[::1]", "::1")]
    [InlineData("fe80::1%1", "fe80::1%1")]
    [InlineData("2001:db8::8:800:200c:417a", "2001:db8::8:800:200c:417a")]
    public void Ip_literals_are_recognised(string text, string expected)
    {
        Assert.True(HostNameValidator.TryParseAddress(text, out var address));
        Assert.Equal(IPAddress.Parse(expected), address);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("127.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("010.0.0.1")]
    [InlineData("1.2.3.256")]
    [InlineData("1.2.3.4.5")]
    [InlineData("localhost")]
    [InlineData("::g")]
    [InlineData("")]
    public void Non_literals_are_not_addresses(string text)
    {
        Assert.False(HostNameValidator.TryParseAddress(text, out _));
    }
}
