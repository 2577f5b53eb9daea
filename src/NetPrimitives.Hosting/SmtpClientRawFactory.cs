using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetPrimitives.Smtp;

namespace NetPrimitives.Hosting;

/// <summary>
/// Connects <see cref="SmtpClientRaw"/> sessions to the server set in <see cref="SmtpClientRawFactoryOptions"/>. A
/// session is one connection, used for one or a few messages and then disposed, so the container holds this factory
/// (a singleton) and not a client. Added by <c>services.AddSmtpClientRaw(...)</c>; several named servers may be added.
/// </summary>
/// <example>
/// <code>
/// await using var smtp = await factory.ConnectAsync(cancellationToken);
/// await smtp.SendMailAsync("me@example.com", ["you@example.com"], "Subject: hi\r\n\r\nHello.\r\n", cancellationToken);
/// await smtp.QuitAsync(cancellationToken);
/// </code>
/// </example>
public sealed class SmtpClientRawFactory
{
    private readonly IOptionsMonitor<SmtpClientRawFactoryOptions> _options;
    private readonly ILogger<SmtpClientRaw>? _logger;

    /// <summary>Creates the factory; the container does, for <c>services.AddSmtpClientRaw(...)</c>.</summary>
    /// <param name="options">The options of each named server.</param>
    /// <param name="logger">Given to each session (its transcript at Debug and its events); <see langword="null"/> for none.</param>
    public SmtpClientRawFactory(IOptionsMonitor<SmtpClientRawFactoryOptions> options, ILogger<SmtpClientRaw>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
    }

    /// <summary>Connects to the server added without a name; see <see cref="SmtpClientRaw.ConnectAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the connect and handshake.</param>
    /// <returns>The session, greeted and ready to send; dispose it when done.</returns>
    public ValueTask<SmtpClientRaw> ConnectAsync(CancellationToken cancellationToken = default) => ConnectAsync(Options.DefaultName, cancellationToken);

    /// <summary>Connects to the server added under <paramref name="name"/>; see <see cref="SmtpClientRaw.ConnectAsync"/>.</summary>
    /// <param name="name">The name given to <c>AddSmtpClientRaw</c>.</param>
    /// <param name="cancellationToken">Cancels the connect and handshake.</param>
    /// <returns>The session, greeted and ready to send; dispose it when done.</returns>
    public ValueTask<SmtpClientRaw> ConnectAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var options = _options.Get(name);
        options.Validate();
        return SmtpClientRaw.ConnectAsync(options.Host!, options.Port, options.Client, _logger, cancellationToken);
    }
}
