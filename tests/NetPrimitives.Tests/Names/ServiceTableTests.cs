using NetPrimitives.Names;

namespace NetPrimitives.Tests.Names;

public sealed class ServiceTableTests
{
    private const string Sample = """
        # Network services, Internet style
        tcpmux		1/tcp				# TCP port service multiplexer

        smtp		25/tcp		mail
        http		80/tcp		www		# WorldWideWeb HTTP
        http		80/udp		www
        domain		53/tcp
        domain		53/udp
        dup		80/tcp		other     # a later duplicate of port 80/tcp
        smtp		2525/tcp                # a later duplicate name: the first wins
        broken		notaport/tcp
        lonely
        big		70000/tcp
        noproto		12/
          # indented comment
        CaseName	99/TCP		AliasOne	AliasTwo
        """;

    private static ServiceTable Parse(out int skipped)
    {
        var entries = ServicesFileParser.Parse(new StringReader(Sample), out skipped);
        return new ServiceTable(entries, "sample");
    }

    [Fact]
    public void Parses_names_ports_protocols_and_aliases_and_skips_comments()
    {
        var table = Parse(out var skipped);
        Assert.Equal(4, skipped); // notaport, lonely, 70000, "12/"
        Assert.Equal(9, table.Count);

        var smtp = table.GetByName("smtp", "tcp");
        Assert.NotNull(smtp);
        Assert.Equal(25, smtp.Port);
        Assert.Equal(["mail"], smtp.Aliases);
        Assert.Equal("smtp 25/tcp mail", smtp.ToString());
        Assert.Equal(1, table.GetByName("tcpmux", "tcp")!.Port);
    }

    [Fact]
    public void Aliases_and_case_find_the_entry()
    {
        var table = Parse(out _);
        Assert.Equal(25, table.GetByName("mail", "tcp")!.Port);
        Assert.Equal(80, table.GetByName("WWW", "TCP")!.Port);
        var caseName = table.GetByName("aliastwo", "tcp");
        Assert.NotNull(caseName);
        Assert.Equal("tcp", caseName.Protocol);
        Assert.Equal(99, caseName.Port);
    }

    [Fact]
    public void Protocol_filters_and_null_protocol_takes_the_first()
    {
        var table = Parse(out _);
        Assert.Equal("udp", table.GetByName("http", "udp")!.Protocol);
        Assert.Equal("tcp", table.GetByName("http", null)!.Protocol);
        Assert.Null(table.GetByName("smtp", "udp"));
        Assert.Null(table.GetByName("nosuch", null));
        Assert.Equal("domain", table.GetByPort(53, "udp")!.Name);
        Assert.Null(table.GetByPort(25, "udp"));
        Assert.Null(table.GetByPort(7, null));
    }

    [Fact]
    public void Duplicates_keep_the_first_entry()
    {
        var table = Parse(out _);
        Assert.Equal(25, table.GetByName("smtp", "tcp")!.Port);
        Assert.Equal("http", table.GetByPort(80, "tcp")!.Name);
        Assert.Equal(80, table.GetByName("other", "tcp")!.Port); // the duplicate's own alias still works
        Assert.Equal("smtp", table.GetByPort(2525, "tcp")!.Name);
    }

    [Fact]
    public void Missing_file_gives_the_built_in_table()
    {
        var table = ServiceTable.Load(Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid(), "services"));
        Assert.Equal("built-in", table.Source);
        AssertSeedTable(table);
        Assert.Equal("smtp", table.GetByName("mail", "tcp")!.Name);
        Assert.Equal("https", table.GetByPort(443, "tcp")!.Name);
    }

    [Fact]
    public void System_table_answers_the_seed_c7_services()
    {
        AssertSeedTable(ServiceTable.System);
        Assert.Equal(ServiceTable.System.GetByName("smtp", "tcp"), HostResolver.GetServiceByName("smtp", "tcp"));
        Assert.Equal("domain", HostResolver.GetServiceByPort(53, "udp")!.Name);
        Assert.Null(HostResolver.GetServiceByName("no-such-service-xyz"));
        Assert.Throws<ArgumentOutOfRangeException>(() => HostResolver.GetServiceByPort(65536));
        Assert.Same(ServiceTable.System, ServiceTable.System); // parsed once
    }

    // c7: for srv in 'http', 'ftp', 'imap', 'pop3', 'smtp': print socket.getservbyname(srv, 'tcp'), srv
    private static void AssertSeedTable(ServiceTable table)
    {
        Assert.Equal(80, table.GetByName("http", "tcp")!.Port);
        Assert.Equal(21, table.GetByName("ftp", "tcp")!.Port);
        Assert.Equal(143, table.GetByName("imap", "tcp")!.Port);
        Assert.Equal(110, table.GetByName("pop3", "tcp")!.Port);
        Assert.Equal(25, table.GetByName("smtp", "tcp")!.Port);
    }
}
