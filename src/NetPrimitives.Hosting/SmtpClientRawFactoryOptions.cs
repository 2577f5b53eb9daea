using NetPrimitives.Smtp;

namespace NetPrimitives.Hosting;

/// <summary>
/// Where an <see cref="SmtpClientRawFactory"/> connects and with which client options. From configuration, the keys are
/// <c>Host</c>, <c>Port</c>, the settings of <see cref="SmtpClientRawOptions"/> by property name (<c>LocalDomain</c>,
/// <c>StartTls</c>, <c>ImplicitTls</c>, the timeouts...) and <c>Connection:ConnectTimeout</c> with the other
/// connection settings under <c>Connection:</c>.
/// </summary>
public sealed class SmtpClientRawFactoryOptions
{
    /// <summary>The SMTP server's name or IP address. Required.</summary>
    public string? Host { get; set; }

    /// <summary>The server's port: 25 (relay), 587 (submission), 465 (implicit TLS) or any other, 1 to 65535. Default 25.</summary>
    public int Port { get; set; } = 25;

    /// <summary>The options of every client the factory connects (TLS, timeouts, pipelining, transcript).</summary>
    public SmtpClientRawOptions Client { get; set => field = value ?? throw new ArgumentNullException(nameof(value)); } = new();

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host, nameof(Host));
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65_535, nameof(Port));
        Client.Validate();
    }
}
