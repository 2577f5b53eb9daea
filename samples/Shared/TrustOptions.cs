using System.CommandLine;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NetPrimitives.Samples.Cli;

/// <summary>
/// Which server certificates a TLS client accepts: by default those the system trusts, for the name connected to;
/// <c>--cacert PATH</c> trusts the authorities in a PEM file instead (as curl's --cacert: a private or test
/// authority, the name still checked); <c>--insecure</c> accepts any certificate, for any name (test only: the
/// connection is encrypted but the server unproven). An unreadable <c>--cacert</c> file ends the sample with exit 2.
/// </summary>
public sealed class TrustOptions
{
    /// <summary>Makes the two options; add <see cref="All"/> to the client's command.</summary>
    public TrustOptions()
    {
        Insecure.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<bool>() && result.GetResult(CaCert) is not null)
            {
                result.AddError("--insecure: not with --cacert (trust the authority, or nothing)");
            }
        });
    }

    /// <summary><c>--cacert PATH</c>: trust the authorities in this PEM file instead of the system's.</summary>
    public Option<string?> CaCert { get; } = new("--cacert")
    {
        Description = "trust the certificate authorities in this PEM file (instead of the system's); the name is still checked",
        HelpName = "PATH",
    };

    /// <summary><c>--insecure</c>: accept any certificate (test only).</summary>
    public Option<bool> Insecure { get; } = new("--insecure")
    {
        Description = "TEST ONLY: accept any server certificate, for any name (encrypted, but the server is not proven)",
    };

    /// <summary>The two options, to add to a command.</summary>
    public IEnumerable<Option> All => [CaCert, Insecure];

    /// <summary>Whether <c>--insecure</c> was given.</summary>
    public bool AcceptAny(ParseResult parse) => parse.GetValue(Insecure);

    /// <summary>
    /// A chain policy trusting exactly the <c>--cacert</c> authorities, or <see langword="null"/> without it (the
    /// system's). Throws a <see cref="SampleException"/> with exit 2 when the file cannot be read or holds no certificate.
    /// </summary>
    public X509ChainPolicy? ChainPolicy(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(CaCert) is not { } path)
        {
            return null;
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw SampleException.Usage($"--cacert: cannot read {SampleOptions.Printable(path)}: {ex.Message.Split('\n', 2)[0].Trim()}");
        }

        if (authorities.Count == 0)
        {
            throw SampleException.Usage($"--cacert: {SampleOptions.Printable(path)} holds no PEM certificate");
        }

        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(authorities);
        return policy;
    }

    /// <summary>
    /// The same choice as a validation callback, for APIs that take one (<c>SmtpClientRawOptions.ServerCertificateValidation</c>):
    /// <see langword="null"/> (the system's checks) without either option.
    /// </summary>
    public RemoteCertificateValidationCallback? Callback(ParseResult parse)
    {
        if (AcceptAny(parse))
        {
            return static (_, _, _, _) => true;
        }

        if (ChainPolicy(parse) is not { } policy)
        {
            return null;
        }

        return (_, certificate, _, errors) =>
        {
            // The name check (and a missing certificate) stays the system's; only the chain is built on our roots.
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain { ChainPolicy = policy.Clone() };
            using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(presented);
        };
    }
}
