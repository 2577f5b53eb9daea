using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;
using System.Net.Security;
using NetPrimitives.Transport;

namespace NetPrimitives.Smtp;

/// <summary>Options of <see cref="SmtpClientRaw"/>. Invalid values fail in <see cref="Validate"/>, called when a session starts.</summary>
public sealed class SmtpClientRawOptions
{
    /// <summary>The default of <see cref="MaxReplyLineLength"/>: 2048 bytes.</summary>
    public const int DefaultMaxReplyLineLength = 2048;

    /// <summary>The default of <see cref="MaxReplyLines"/>: 100.</summary>
    public const int DefaultMaxReplyLines = 100;

    /// <summary>
    /// The domain sent with EHLO/HELO. Default: <see langword="null"/>, meaning the machine's host name
    /// (<see cref="System.Net.Dns.GetHostName"/>), like smtplib's <c>local_hostname</c>.
    /// </summary>
    public string? LocalDomain { get; set; }

    /// <summary>
    /// The longest reply line accepted, in bytes including CRLF. RFC 5321 §4.5.3.1.5 says 512; real servers
    /// send longer ones (long AUTH lists), so the default is a tolerant 2048. Minimum 64.
    /// </summary>
    public int MaxReplyLineLength { get; set; } = DefaultMaxReplyLineLength;

    /// <summary>The most lines one reply may have. Default: 100. Minimum 1.</summary>
    public int MaxReplyLines { get; set; } = DefaultMaxReplyLines;

    /// <summary>
    /// The TCP connection's options (connect timeout, buffers, TLS handshake timeout) for <see cref="SmtpClientRaw.ConnectAsync"/>. Its
    /// <see cref="TransportOptions.TimeProvider"/> is the one clock of the session: the connect, the greeting, each
    /// command's reply, each block of message data and the TLS handshake. Default: the transport's defaults (10 s
    /// connect timeout, the system clock).
    /// </summary>
    public TcpConnectionOptions Connection { get; set; } = new();

    /// <summary>
    /// Where the instruments come from: with a factory (an app's <see cref="IMeterFactory"/> from dependency injection),
    /// the client creates its meter (<see cref="NetPrimitivesDiagnostics.Smtp"/>) through it, so its listeners see these
    /// measurements apart from other factories'. The TCP connection's byte counters follow the <see cref="TransportOptions.MeterFactory"/> of <see cref="Connection"/>. Default <see langword="null"/>: the process-wide meter of that name.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>
    /// Implicit TLS (RFC 8314 §3.3, submission on port 465): <see cref="SmtpClientRaw.ConnectAsync"/> runs the TLS
    /// handshake right after the TCP connect, before the greeting, so not a byte goes in plain text. The server's
    /// certificate is checked as for STARTTLS (<see cref="TlsTargetHost"/>, <see cref="ServerCertificateValidation"/>);
    /// the handshake is bounded by the connection's <see cref="TransportOptions.TlsHandshakeTimeout"/>, and a failure is
    /// the transport's <see cref="TlsHandshakeException"/>. The session is then secure and <see cref="StartTls"/> is
    /// not applied. Default: <see langword="false"/> (plain text, or STARTTLS per <see cref="StartTls"/>).
    /// </summary>
    public bool ImplicitTls { get; set; }

    /// <summary>
    /// Whether <see cref="SmtpClientRaw.ConnectAsync"/> starts TLS (RFC 3207). Default: <see cref="SmtpStartTlsPolicy.Never"/>,
    /// like smtplib. Not applied with <see cref="ImplicitTls"/>, where the session is secure from the first byte.
    /// </summary>
    public SmtpStartTlsPolicy StartTls { get; set; } = SmtpStartTlsPolicy.Never;

    /// <summary>The name the server's certificate must carry. Default: <see langword="null"/>, meaning the host given to <see cref="SmtpClientRaw.ConnectAsync"/>.</summary>
    public string? TlsTargetHost { get; set; }

    /// <summary>
    /// Decides whether the server's certificate is trusted. Default: <see langword="null"/>, meaning the
    /// system's validation (chain and name must be valid). Set it to pin a test server's self-signed certificate.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>Use PIPELINING (RFC 2920) when the server advertises it. Default: <see langword="true"/>.</summary>
    public bool UsePipelining { get; set; } = true;

    /// <summary>Waiting for the greeting. Default: 5 minutes (RFC 5321 §4.5.3.2.1, "initial 220 message").</summary>
    public TimeSpan GreetingTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Waiting for the reply to MAIL. Default: 5 minutes (RFC 5321 §4.5.3.2.2).</summary>
    public TimeSpan MailTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Waiting for the reply to each RCPT. Default: 5 minutes (RFC 5321 §4.5.3.2.3).</summary>
    public TimeSpan RecipientTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Waiting for the 354 reply to DATA. Default: 2 minutes (RFC 5321 §4.5.3.2.4).</summary>
    public TimeSpan DataInitiationTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Each write of a block of message data (a stalled server stops reading). Default: 3 minutes (RFC 5321 §4.5.3.2.5).</summary>
    public TimeSpan DataBlockTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Waiting for the reply after the final <c>.</c>. Default: 10 minutes (RFC 5321 §4.5.3.2.6).</summary>
    public TimeSpan DataTerminationTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Waiting for the reply to any other command (EHLO, HELO, RSET, NOOP, QUIT, STARTTLS and its TLS handshake, AUTH, raw commands).
    /// Default: 5 minutes, the RFC 5321 §4.5.3.2 figure for commands it does not name.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When set, every line sent and received is also written here in the seed's format:
    /// <c>--&gt; [EHLO host]</c> and <c>&lt;-- [250-...]</c> (AUTH secrets masked). Default: <see langword="null"/>.
    /// </summary>
    public TextWriter? Transcript { get; set; }

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException">The domain is not valid.</exception>
    public void Validate()
    {
        if (LocalDomain is not null)
        {
            SmtpCommandValidator.ValidateDomain(LocalDomain, nameof(LocalDomain));
        }

        ArgumentNullException.ThrowIfNull(Connection, nameof(Connection));
        if (!Enum.IsDefined(StartTls))
        {
            throw new ArgumentOutOfRangeException(nameof(StartTls), StartTls, "Unknown STARTTLS policy.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReplyLineLength, 64, nameof(MaxReplyLineLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReplyLines, 1, nameof(MaxReplyLines));
        TransportOptions.PositiveOrInfinite(GreetingTimeout, nameof(GreetingTimeout));
        TransportOptions.PositiveOrInfinite(MailTimeout, nameof(MailTimeout));
        TransportOptions.PositiveOrInfinite(RecipientTimeout, nameof(RecipientTimeout));
        TransportOptions.PositiveOrInfinite(DataInitiationTimeout, nameof(DataInitiationTimeout));
        TransportOptions.PositiveOrInfinite(DataBlockTimeout, nameof(DataBlockTimeout));
        TransportOptions.PositiveOrInfinite(DataTerminationTimeout, nameof(DataTerminationTimeout));
        TransportOptions.PositiveOrInfinite(CommandTimeout, nameof(CommandTimeout));
    }
}
