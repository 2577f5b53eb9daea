using System.Net;
using System.Text;

namespace NetPrimitives.Smtp;

public sealed partial class SmtpClientRaw
{
    private const string Masked = "********";

    /// <summary><see langword="true"/> once AUTH succeeded.</summary>
    public bool IsAuthenticated { get; private set; }

    /// <summary>
    /// AUTH (RFC 4954) with PLAIN (RFC 4616, initial response) or LOGIN. The secrets never reach the logs or the
    /// transcript (shown as <c>********</c>). Call it after STARTTLS: most servers refuse AUTH in plain text.
    /// </summary>
    /// <param name="credential">The user name and password.</param>
    /// <param name="mechanism"><c>PLAIN</c> or <c>LOGIN</c>; <see langword="null"/> picks PLAIN when offered, else LOGIN.</param>
    /// <param name="cancellationToken">Cancels the operation; the session is then over.</param>
    /// <returns>The server's 235 reply.</returns>
    /// <exception cref="NotSupportedException">The server offers neither PLAIN nor LOGIN (or not the one asked for).</exception>
    /// <exception cref="ArgumentException">The user name or password contains NUL (RFC 4616 forbids it).</exception>
    /// <exception cref="SmtpCommandException">The server refused the credentials (535); the session stays usable.</exception>
    public async ValueTask<SmtpReply> AuthenticateAsync(NetworkCredential credential, string? mechanism = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var user = credential.UserName;
        var password = credential.Password;
        if (user.Contains('\0', StringComparison.Ordinal) || password.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The user name or password contains NUL.", nameof(credential));
        }

        using var scope = Enter();
        var offered = Capabilities.AuthMechanisms;
        mechanism = mechanism?.ToUpperInvariant()
            ?? (offered.Contains("PLAIN") ? "PLAIN" : offered.Contains("LOGIN") ? "LOGIN" : null);
        if (mechanism is not ("PLAIN" or "LOGIN") || !offered.Contains(mechanism))
        {
            throw new NotSupportedException($"The SMTP server offers AUTH {(offered.Count == 0 ? "with no mechanism" : string.Join(' ', offered))}; this client speaks PLAIN and LOGIN{(mechanism is null ? string.Empty : $" (asked for {mechanism})")}.");
        }

        var command = "AUTH " + mechanism;
        SmtpReply reply;
        if (mechanism == "PLAIN")
        {
            // RFC 4616 §2: authzid NUL authcid NUL passwd; the empty authzid means "act as authcid".
            var initial = Base64("\0" + user + "\0" + password);
            reply = await CommandAsync(command + " " + initial, _options.CommandTimeout, cancellationToken, command + " " + Masked).ConfigureAwait(false);
        }
        else
        {
            reply = await CommandAsync(command, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            if (reply.Code == 334)
            {
                reply = await CommandAsync(Base64(user), _options.CommandTimeout, cancellationToken, Masked).ConfigureAwait(false);
            }

            if (reply.Code == 334)
            {
                reply = await CommandAsync(Base64(password), _options.CommandTimeout, cancellationToken, Masked).ConfigureAwait(false);
            }
        }

        if (reply.Code == 334)
        {
            // A challenge the mechanism does not have: cancel the exchange (RFC 4954 §4) and report the refusal.
            reply = await CommandAsync("*", _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        }

        if (!reply.IsPositiveCompletion)
        {
            throw Refusal(command, reply);
        }

        IsAuthenticated = true;
        SmtpLog.Authenticated(_logger, mechanism, user);
        return reply;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
