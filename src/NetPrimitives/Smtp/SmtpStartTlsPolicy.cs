namespace NetPrimitives.Smtp;

/// <summary>Whether <see cref="SmtpClientRaw.ConnectAsync"/> upgrades the connection with STARTTLS (RFC 3207).</summary>
public enum SmtpStartTlsPolicy
{
    /// <summary>Stay in plain text (the session can still call <see cref="SmtpClientRaw.StartTlsAsync"/>).</summary>
    Never,

    /// <summary>Start TLS when the server advertises STARTTLS; otherwise continue in plain text.</summary>
    WhenAvailable,

    /// <summary>Start TLS, and refuse to continue (<see cref="SmtpTlsRequiredException"/>) when the server does not offer it.</summary>
    Required,
}
