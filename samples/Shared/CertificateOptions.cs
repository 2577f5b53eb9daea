using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NetPrimitives.Samples.Cli;

/// <summary>
/// A server's certificate: <c>--cert PATH [--cert-key PATH] [--cert-password P]</c>. PATH is a PFX (PKCS#12) file,
/// or a PEM file holding the certificate and its private key (or the certificate alone, with the key in
/// <c>--cert-key</c>); <c>--cert-password</c> opens a PFX or an encrypted PEM key. The file is read when the server
/// starts: a missing or unreadable file, a wrong password or a certificate without its key ends the sample with one
/// line and exit 2.
/// </summary>
public sealed class CertificateOptions
{
    /// <summary>Makes the three options; add <see cref="All"/> to the server's command.</summary>
    public CertificateOptions()
    {
        Key.Validators.Add(result => RequiresCert(result, "--cert-key"));
        Password.Validators.Add(result => RequiresCert(result, "--cert-password"));
    }

    /// <summary><c>--cert PATH</c>: serve TLS with this certificate (PFX or PEM).</summary>
    public Option<string?> Cert { get; } = new("--cert")
    {
        Description = "serve TLS with this certificate: a PFX file, or a PEM file with the certificate and its private key",
        HelpName = "PATH",
    };

    /// <summary><c>--cert-key PATH</c>: the PEM private key when it is not in the <c>--cert</c> file.</summary>
    public Option<string?> Key { get; } = new("--cert-key")
    {
        Description = "the PEM private key, when --cert holds the certificate alone",
        HelpName = "PATH",
    };

    /// <summary><c>--cert-password P</c>: the PFX password, or the password of an encrypted PEM key.</summary>
    public Option<string?> Password { get; } = new("--cert-password")
    {
        Description = "the password of the PFX file or of the encrypted PEM key",
        HelpName = "P",
    };

    /// <summary>The three options, to add to a command.</summary>
    public IEnumerable<Option> All => [Cert, Key, Password];

    /// <summary>
    /// The certificate with its private key, or <see langword="null"/> without <c>--cert</c> (plain TCP). Throws a
    /// <see cref="SampleException"/> with exit 2 and one line naming the file and what is wrong with it.
    /// </summary>
    public X509Certificate2? Load(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(Cert) is not { } path)
        {
            return null;
        }

        var keyPath = parse.GetValue(Key);
        var password = parse.GetValue(Password);
        var shown = SampleOptions.Printable(path);
        X509Certificate2 certificate;
        var pem = false;
        try
        {
            pem = IsPem(path);
            certificate = pem
                ? password is null
                    ? X509Certificate2.CreateFromPemFile(path, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (FileNotFoundException ex)
        {
            throw SampleException.Usage(ex.FileName is { } missing && keyPath is not null && (missing == keyPath || missing == Path.GetFullPath(keyPath))
                ? $"--cert-key: file not found ({SampleOptions.Printable(keyPath)})"
                : $"--cert: file not found ({shown})");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw SampleException.Usage($"--cert: cannot read {shown}: {FirstLine(ex.Message)}");
        }
        catch (CryptographicException ex)
        {
            var hint = password is not null ? " (is --cert-password right?)"
                : pem ? " (the private key goes in the file or in --cert-key; an encrypted one needs --cert-password)"
                : " (a password-protected PFX needs --cert-password)";
            throw SampleException.Usage($"--cert: cannot load a certificate and its private key from {shown}: {FirstLine(ex.Message)}{hint}");
        }
        catch (ArgumentException ex)
        {
            throw SampleException.Usage($"--cert: cannot load a certificate and its private key from {shown}: {FirstLine(ex.Message)}"); // no key found in the PEM
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw SampleException.Usage($"--cert: {shown} holds no private key for its certificate (give it in the file or with --cert-key)");
        }

        return certificate;
    }

    // PEM is text that starts with (or contains, after comments) "-----BEGIN"; anything else is taken for PFX (DER).
    private static bool IsPem(string path)
    {
        Span<byte> head = stackalloc byte[4096];
        using var file = File.OpenRead(path);
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..read].IndexOf("-----BEGIN"u8) >= 0;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private void RequiresCert(System.CommandLine.Parsing.OptionResult result, string name)
    {
        if (result.GetResult(Cert) is null)
        {
            result.AddError($"{name}: only with --cert");
        }
    }
}
