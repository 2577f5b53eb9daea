using NetPrimitives.Http;
using NetPrimitives.Names;
using NetPrimitives.Smtp;
using NetPrimitives.Tcp;
using NetPrimitives.Transport;
using NetPrimitives.Udp;
using static NetPrimitives.Hosting.ConfigurationReader;

namespace NetPrimitives.Hosting;

// The settings each options type takes from configuration, by key (case-insensitive, as configuration keys are).
// Values that are objects or callbacks (TLS, transforms, framer options, a TimeProvider, a transcript writer) are
// not here: they are set in code, with the configure overloads or services.Configure<TOptions>(name, ...).
internal static class Settings
{
    public static readonly IReadOnlyDictionary<string, Action<MiniHttpServerOptions, string>> MiniHttpServer = TcpServer<MiniHttpServerOptions>(new()
    {
        ["ServerHeader"] = (o, v) => o.ServerHeader = v.Length == 0 ? null : v,
        ["Limits:MaxRequestLineSize"] = (o, v) => o.Limits.MaxRequestLineSize = Int(v),
        ["Limits:MaxRequestHeadersTotalSize"] = (o, v) => o.Limits.MaxRequestHeadersTotalSize = Int(v),
        ["Limits:MaxRequestHeaderCount"] = (o, v) => o.Limits.MaxRequestHeaderCount = Int(v),
        ["Limits:MaxRequestBodySize"] = (o, v) => o.Limits.MaxRequestBodySize = Nullable(v, Long),
        ["Limits:RequestHeadersTimeout"] = (o, v) => o.Limits.RequestHeadersTimeout = Time(v),
        ["Limits:KeepAliveTimeout"] = (o, v) => o.Limits.KeepAliveTimeout = Time(v),
        ["Limits:MinRequestBodyDataRate"] = (o, v) => o.Limits.MinRequestBodyDataRate = Nullable(v, Double),
        ["Limits:MinRequestBodyDataRateGracePeriod"] = (o, v) => o.Limits.MinRequestBodyDataRateGracePeriod = Time(v),
    });

    public static readonly IReadOnlyDictionary<string, Action<EchoServerOptions, string>> EchoServer = TcpServer<EchoServerOptions>(new()
    {
        ["Mode"] = (o, v) => o.Mode = Enum<EchoMode>(v),
        ["Greeting"] = (o, v) => o.Greeting = v.Length == 0 ? null : v,
        ["EndOnEmptyLine"] = (o, v) => o.EndOnEmptyLine = Bool(v),
        ["SessionNamePrefix"] = (o, v) => o.SessionNamePrefix = v,
    });

    public static readonly IReadOnlyDictionary<string, Action<UpperCaseUdpServerOptions, string>> UpperCaseUdpServer =
        new Dictionary<string, Action<UpperCaseUdpServerOptions, string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["EndPoint"] = (o, v) => o.EndPoint = EndPoint(v),
            ["DualMode"] = (o, v) => o.DualMode = Nullable(v, Bool),
            ["ReceiveLoops"] = (o, v) => o.ReceiveLoops = Int(v),
            ["MaxBatchSize"] = (o, v) => o.MaxBatchSize = Int(v),
            ["MaxDatagramSize"] = (o, v) => o.MaxDatagramSize = Int(v),
            ["MaxConcurrentHandlers"] = (o, v) => o.MaxConcurrentHandlers = Int(v),
            ["ReceiveBufferSize"] = (o, v) => o.ReceiveBufferSize = Nullable(v, Int),
            ["SendBufferSize"] = (o, v) => o.SendBufferSize = Nullable(v, Int),
            ["ShutdownTimeout"] = (o, v) => o.ShutdownTimeout = Time(v),
            ["Mode"] = (o, v) => o.Mode = Enum<UpperCaseMode>(v),
            ["LogRequests"] = (o, v) => o.LogRequests = Bool(v),
        };

    public static readonly IReadOnlyDictionary<string, Action<HostResolverOptions, string>> HostResolver =
        new Dictionary<string, Action<HostResolverOptions, string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Timeout"] = (o, v) => o.Timeout = Time(v),
            ["MaxConcurrentSystemLookups"] = (o, v) => o.MaxConcurrentSystemLookups = Int(v),
            ["BatchConcurrency"] = (o, v) => o.BatchConcurrency = Int(v),
            ["DnsServer"] = (o, v) => o.DnsServer = v.Length == 0 ? null : EndPoint(v),
        };

    public static readonly IReadOnlyDictionary<string, Action<SmtpClientRawFactoryOptions, string>> SmtpClientRaw =
        Transport<SmtpClientRawFactoryOptions>(o => o.Client.Connection, new(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = (o, v) => o.Host = v,
            ["Port"] = (o, v) => o.Port = Int(v),
            ["LocalDomain"] = (o, v) => o.Client.LocalDomain = v.Length == 0 ? null : v,
            ["MaxReplyLineLength"] = (o, v) => o.Client.MaxReplyLineLength = Int(v),
            ["MaxReplyLines"] = (o, v) => o.Client.MaxReplyLines = Int(v),
            ["ImplicitTls"] = (o, v) => o.Client.ImplicitTls = Bool(v),
            ["StartTls"] = (o, v) => o.Client.StartTls = Enum<SmtpStartTlsPolicy>(v),
            ["TlsTargetHost"] = (o, v) => o.Client.TlsTargetHost = v.Length == 0 ? null : v,
            ["UsePipelining"] = (o, v) => o.Client.UsePipelining = Bool(v),
            ["GreetingTimeout"] = (o, v) => o.Client.GreetingTimeout = Time(v),
            ["MailTimeout"] = (o, v) => o.Client.MailTimeout = Time(v),
            ["RecipientTimeout"] = (o, v) => o.Client.RecipientTimeout = Time(v),
            ["DataInitiationTimeout"] = (o, v) => o.Client.DataInitiationTimeout = Time(v),
            ["DataBlockTimeout"] = (o, v) => o.Client.DataBlockTimeout = Time(v),
            ["DataTerminationTimeout"] = (o, v) => o.Client.DataTerminationTimeout = Time(v),
            ["CommandTimeout"] = (o, v) => o.Client.CommandTimeout = Time(v),
            ["Connection:ConnectTimeout"] = (o, v) => o.Client.Connection.ConnectTimeout = Time(v),
        }, prefix: "Connection:");

    // The settings every TCP server has (TcpServerOptions and the TransportOptions under it), plus its own.
    private static Dictionary<string, Action<T, string>> TcpServer<T>(Dictionary<string, Action<T, string>> own)
        where T : TcpServerOptions
    {
        var all = Transport<T>(o => o, own, prefix: "");
        all["EndPoint"] = (o, v) => o.EndPoint = EndPoint(v);
        all["Backlog"] = (o, v) => o.Backlog = Int(v);
        all["MaxConnections"] = (o, v) => o.MaxConnections = Int(v);
        all["IdleTimeout"] = (o, v) => o.IdleTimeout = Time(v);
        return all;
    }

    private static Dictionary<string, Action<T, string>> Transport<T>(Func<T, TransportOptions> transport, Dictionary<string, Action<T, string>> own, string prefix)
    {
        var all = new Dictionary<string, Action<T, string>>(own, StringComparer.OrdinalIgnoreCase)
        {
            [prefix + "MaxReadBufferSize"] = (o, v) => transport(o).MaxReadBufferSize = Int(v),
            [prefix + "MaxWriteBufferSize"] = (o, v) => transport(o).MaxWriteBufferSize = Int(v),
            [prefix + "BufferSegmentSize"] = (o, v) => transport(o).BufferSegmentSize = Int(v),
            [prefix + "NoDelay"] = (o, v) => transport(o).NoDelay = Bool(v),
            [prefix + "CloseTimeout"] = (o, v) => transport(o).CloseTimeout = Time(v),
            [prefix + "TlsHandshakeTimeout"] = (o, v) => transport(o).TlsHandshakeTimeout = Time(v),
        };
        return all;
    }
}
