namespace NetPrimitives.Names;

/// <summary>
/// The common services, for machines without /etc/services (Windows, distroless containers).
/// Port numbers from the IANA service name registry.
/// </summary>
internal static class BuiltInServices
{
    public static readonly IReadOnlyList<ServiceEntry> Entries =
    [
        Tcp("echo", 7), Udp("echo", 7),
        Tcp("discard", 9, "sink", "null"), Udp("discard", 9, "sink", "null"),
        Tcp("daytime", 13), Udp("daytime", 13),
        Tcp("ftp-data", 20), Tcp("ftp", 21),
        Tcp("ssh", 22), Tcp("telnet", 23),
        Tcp("smtp", 25, "mail"),
        Tcp("time", 37, "timserver"), Udp("time", 37, "timserver"),
        Tcp("whois", 43, "nicname"),
        Tcp("domain", 53), Udp("domain", 53),
        Udp("bootps", 67), Udp("bootpc", 68), Udp("tftp", 69),
        Tcp("gopher", 70), Tcp("finger", 79),
        Tcp("http", 80, "www"),
        Tcp("kerberos", 88, "kerberos5", "krb5", "kerberos-sec"), Udp("kerberos", 88, "kerberos5", "krb5", "kerberos-sec"),
        Tcp("pop3", 110, "pop-3"),
        Tcp("sunrpc", 111, "portmapper"), Udp("sunrpc", 111, "portmapper"),
        Tcp("auth", 113, "authentication", "tap", "ident"),
        Tcp("nntp", 119, "readnews", "untp"),
        Udp("ntp", 123),
        Udp("netbios-ns", 137), Udp("netbios-dgm", 138), Tcp("netbios-ssn", 139),
        Tcp("imap2", 143, "imap"),
        Udp("snmp", 161), Udp("snmp-trap", 162, "snmptrap"),
        Tcp("bgp", 179),
        Tcp("irc", 194),
        Tcp("ldap", 389), Udp("ldap", 389),
        Tcp("https", 443), Udp("https", 443),
        Tcp("microsoft-ds", 445),
        Tcp("submissions", 465, "ssmtp", "smtps", "urd"),
        Udp("syslog", 514),
        Tcp("printer", 515, "spooler"),
        Tcp("submission", 587),
        Tcp("ldaps", 636), Udp("ldaps", 636),
        Tcp("rsync", 873),
        Tcp("ftps-data", 989), Tcp("ftps", 990),
        Tcp("imaps", 993), Tcp("pop3s", 995),
        Tcp("ms-sql-s", 1433), Tcp("openvpn", 1194), Udp("openvpn", 1194),
        Tcp("mysql", 3306), Tcp("ms-wbt-server", 3389),
        Udp("sip", 5060), Tcp("sip", 5060),
        Tcp("postgresql", 5432, "postgres"),
        Tcp("x11", 6000, "x11-0"),
        Tcp("http-alt", 8080, "webcache"),
    ];

    private static ServiceEntry Tcp(string name, int port, params string[] aliases) => new(name, port, "tcp", aliases);

    private static ServiceEntry Udp(string name, int port, params string[] aliases) => new(name, port, "udp", aliases);
}
