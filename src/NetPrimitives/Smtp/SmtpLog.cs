using Microsoft.Extensions.Logging;

namespace NetPrimitives.Smtp;

/// <summary>SmtpClientRaw's log events (ids 500-599, see Diagnostics/README.md). The C:/S: events are the transcript.</summary>
internal static partial class SmtpLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Debug, Message = "C: {Line}")]
    public static partial void Sent(ILogger logger, string line);

    [LoggerMessage(EventId = 501, Level = LogLevel.Debug, Message = "S: {Line}")]
    public static partial void Received(ILogger logger, string line);

    [LoggerMessage(EventId = 502, Level = LogLevel.Debug, Message = "C: <message data: {Bytes} bytes, dot-stuffed, including the final .CRLF>")]
    public static partial void DataSent(ILogger logger, long bytes);

    [LoggerMessage(EventId = 503, Level = LogLevel.Information, Message = "SMTP session ready with {Server}: extended {Extended}, pipelining {Pipelining}")]
    public static partial void Ready(ILogger logger, string server, bool extended, bool pipelining);

    [LoggerMessage(EventId = 504, Level = LogLevel.Information, Message = "SMTP server refused {Command}: {Code} {Text}")]
    public static partial void Refused(ILogger logger, string command, int code, string text);

    [LoggerMessage(EventId = 505, Level = LogLevel.Information, Message = "Message accepted by the SMTP server for {Accepted} of {Total} recipient(s): {Reply}")]
    public static partial void MessageAccepted(ILogger logger, int accepted, int total, string reply);

    [LoggerMessage(EventId = 506, Level = LogLevel.Warning, Message = "SMTP session over: {Reason}")]
    public static partial void Faulted(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 507, Level = LogLevel.Information, Message = "TLS started with the SMTP server: {Protocol}, {CipherSuite}")]
    public static partial void TlsStarted(ILogger logger, string protocol, string cipherSuite);

    [LoggerMessage(EventId = 508, Level = LogLevel.Information, Message = "Authenticated to the SMTP server with {Mechanism} as {User}")]
    public static partial void Authenticated(ILogger logger, string mechanism, string user);
}
