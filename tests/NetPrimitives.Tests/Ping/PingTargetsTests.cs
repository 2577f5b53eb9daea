using System.Net;
using NetPrimitives.Ping;

namespace NetPrimitives.Tests.Ping;

public sealed class PingTargetsTests
{
    private static string[] Addresses(string spec, PingTargetOptions? options = null) =>
        PingTargets.Parse(spec, options).EnumerateAddresses().Select(a => a.ToString()).ToArray();

    [Fact]
    public void Single_ipv4_and_ipv6_addresses()
    {
        Assert.Equal(["127.0.0.1"], Addresses("127.0.0.1"));
        Assert.Equal(["::1"], Addresses("::1"));
        Assert.Equal(["fe80::1%2"], Addresses("fe80::1%2"));
    }

    [Fact]
    public void Ipv4_cidr_leaves_out_network_and_broadcast_by_default()
    {
        var all = Addresses("127.0.0.0/29");
        Assert.Equal(["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"], all);
        Assert.Equal(254, PingTargets.Parse("10.1.2.0/24").Count);
    }

    [Fact]
    public void Ipv4_cidr_includes_network_and_broadcast_when_asked()
    {
        var options = new PingTargetOptions { IncludeNetworkAndBroadcast = true };
        var all = Addresses("127.0.0.0/30", options);
        Assert.Equal(["127.0.0.0", "127.0.0.1", "127.0.0.2", "127.0.0.3"], all);
    }

    [Fact]
    public void Slash_31_and_32_are_swept_whole()
    {
        Assert.Equal(["10.0.0.0", "10.0.0.1"], Addresses("10.0.0.0/31"));
        Assert.Equal(["10.0.0.9"], Addresses("10.0.0.9/32"));
    }

    [Fact]
    public void Cidr_with_host_bits_means_the_enclosing_block()
    {
        Assert.Equal(Addresses("192.168.7.0/30"), Addresses("192.168.7.2/30"));
    }

    [Fact]
    public void Ipv6_cidr_is_swept_whole()
    {
        Assert.Equal(["fd00::", "fd00::1", "fd00::2", "fd00::3"], Addresses("fd00::/126"));
        Assert.Equal(256, PingTargets.Parse("fd00::/120").Count);
    }

    [Fact]
    public void Last_octet_range_and_full_address_range()
    {
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3"], Addresses("10.0.0.1-3"));
        Assert.Equal(["10.0.0.254", "10.0.0.255", "10.0.1.0", "10.0.1.1"], Addresses("10.0.0.254-10.0.1.1"));
        Assert.Equal(["::fe", "::ff", "::100"], Addresses("::fe-::100"));
    }

    [Fact]
    public void Lists_by_comma_and_white_space_keep_the_given_order()
    {
        Assert.Equal(["10.0.0.9", "::1", "10.0.0.1", "10.0.0.2"], Addresses("10.0.0.9, ::1\t10.0.0.1-2\n"));
        var many = PingTargets.Parse(["10.0.0.1", "10.0.0.2,10.0.0.3"]);
        Assert.Equal(3, many.Count);
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3"], many.Entries);
    }

    [Fact]
    public void Host_names_count_as_one_target_and_are_not_enumerated_here()
    {
        var targets = PingTargets.Parse("localhost, 127.0.0.1, my-host.example.");
        Assert.True(targets.HasHostNames);
        Assert.Equal(3, targets.Count);
        Assert.Equal(["127.0.0.1"], targets.EnumerateAddresses().Select(a => a.ToString()));
    }

    [Theory]
    [InlineData("", PingTargetError.Empty)]
    [InlineData(" , ,\t", PingTargetError.Empty)]
    [InlineData("256.0.0.1", PingTargetError.InvalidAddress)]
    [InlineData("10.0.0", PingTargetError.InvalidAddress)]
    [InlineData("10.0.0.1.5", PingTargetError.InvalidAddress)]
    [InlineData("010.0.0.1", PingTargetError.InvalidAddress)]
    [InlineData("0x7f.0.0.1", PingTargetError.InvalidHostName)] // not an address; as a name its last label is numeric
    [InlineData("1::2::3", PingTargetError.InvalidAddress)]
    [InlineData("10.0.0.0/33", PingTargetError.InvalidPrefix)]
    [InlineData("10.0.0.0/", PingTargetError.InvalidPrefix)]
    [InlineData("10.0.0.0/-1", PingTargetError.InvalidPrefix)]
    [InlineData("10.0.0.0/024", PingTargetError.InvalidPrefix)]
    [InlineData("::/129", PingTargetError.InvalidPrefix)]
    [InlineData("host/24", PingTargetError.InvalidAddress)]
    [InlineData("10.0.0.1-256", PingTargetError.InvalidRange)]
    [InlineData("10.0.0.1-", PingTargetError.InvalidRange)]
    [InlineData("10.0.0.1-x", PingTargetError.InvalidRange)]
    [InlineData("10.0.0.9-3", PingTargetError.ReversedRange)]
    [InlineData("10.0.1.0-10.0.0.1", PingTargetError.ReversedRange)]
    [InlineData("10.0.0.1-::1", PingTargetError.MixedFamilies)]
    [InlineData("-host", PingTargetError.InvalidHostName)]
    [InlineData("host-.example", PingTargetError.InvalidHostName)]
    [InlineData("a..b", PingTargetError.InvalidHostName)]
    [InlineData("h\u00f6st.example", PingTargetError.InvalidHostName)]
    [InlineData("host_1.example", PingTargetError.InvalidHostName)]
    [InlineData("host.123", PingTargetError.InvalidHostName)]
    [InlineData("\u0661\u0662\u0667.0.0.1", PingTargetError.InvalidHostName)] // Arabic-Indic digits are not ASCII digits
    [InlineData("127.0.0.1\0", PingTargetError.InvalidHostName)]
    public void Malformed_entries_get_a_typed_error(string spec, PingTargetError error)
    {
        var ex = Assert.Throws<PingTargetFormatException>(() => PingTargets.Parse(spec));
        Assert.Equal(error, ex.Error);
        Assert.Contains("Invalid ping target", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_labels_and_names_are_refused()
    {
        var label64 = new string('a', 64) + ".example";
        Assert.Equal(PingTargetError.InvalidHostName, Assert.Throws<PingTargetFormatException>(() => PingTargets.Parse(label64)).Error);
        var name254 = string.Join('.', Enumerable.Repeat(new string('a', 50), 5)) + ".abc";
        Assert.Equal(PingTargetError.InvalidHostName, Assert.Throws<PingTargetFormatException>(() => PingTargets.Parse(name254)).Error);
    }

    [Fact]
    public void More_than_65536_targets_are_refused_by_default()
    {
        Assert.Equal(65_534, PingTargets.Parse("10.0.0.0/16").Count);
        var ex = Assert.Throws<PingTargetsTooLargeException>(() => PingTargets.Parse("10.0.0.0/15"));
        Assert.Equal((UInt128)131_070, ex.Count);
        Assert.Equal(65_536, ex.Limit);
        Assert.Throws<PingTargetsTooLargeException>(() => PingTargets.Parse("10.0.0.0/16, 10.1.0.0/16"));
    }

    [Fact]
    public void The_limit_can_be_raised_or_lowered_explicitly()
    {
        Assert.Equal(131_070, PingTargets.Parse("10.0.0.0/15", new PingTargetOptions { MaxTargets = 200_000 }).Count);
        Assert.Throws<PingTargetsTooLargeException>(() => PingTargets.Parse("10.0.0.1-10", new PingTargetOptions { MaxTargets = 9 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PingTargetOptions { MaxTargets = 0 });
    }

    [Fact]
    public void Huge_ipv6_blocks_are_refused_without_enumeration()
    {
        // Counted as 2^64 and 2^128 (saturated); refused before a single address is produced.
        var ex64 = Assert.Throws<PingTargetsTooLargeException>(() => PingTargets.Parse("2001:db8::/64"));
        Assert.Equal(UInt128.One << 64, ex64.Count);
        var ex0 = Assert.Throws<PingTargetsTooLargeException>(() => PingTargets.Parse("::/0, ::/0", new PingTargetOptions { MaxTargets = long.MaxValue }));
        Assert.Equal(UInt128.MaxValue, ex0.Count);
    }

    [Fact]
    public void Hostile_lengths_and_entry_counts_are_bounded()
    {
        var huge = new string('1', 70_000);
        Assert.Equal(PingTargetError.TooLong, Assert.Throws<PingTargetFormatException>(() => PingTargets.Parse(huge)).Error);

        var manyEntries = string.Join(',', Enumerable.Repeat("10.0.0.1", 5_000));
        var ex = Assert.Throws<PingTargetFormatException>(() => PingTargets.Parse(manyEntries));
        Assert.Equal(PingTargetError.TooLong, ex.Error);
        Assert.True(ex.Entry.Length <= 100);

        var manyDots = new string('.', 60_000);
        Assert.Throws<PingTargetFormatException>(() => PingTargets.Parse(manyDots));
    }

    [Fact]
    public void Enumeration_is_lazy_for_a_big_allowed_block()
    {
        // 2^40 addresses allowed explicitly: taking three must not enumerate the rest.
        var targets = PingTargets.Parse("fd00::/88", new PingTargetOptions { MaxTargets = long.MaxValue });
        Assert.Equal(1L << 40, targets.Count);
        Assert.Equal(["fd00::", "fd00::1", "fd00::2"], targets.EnumerateAddresses().Take(3).Select(a => a.ToString()));
    }

    [Fact]
    public void Enumerating_the_whole_ipv4_space_edge_stops_at_the_end()
    {
        var last = PingTargets.Parse("255.255.255.254-255").EnumerateAddresses().ToArray();
        Assert.Equal([IPAddress.Parse("255.255.255.254"), IPAddress.Broadcast], last);
        Assert.Equal(["::fffe", "::ffff"], Addresses("::fffe-::ffff"));
        Assert.Equal(2, Addresses("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127").Length);
    }
}
