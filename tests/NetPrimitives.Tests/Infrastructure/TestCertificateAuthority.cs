using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NetPrimitives.Tests.Infrastructure;

/// <summary>
/// A certificate authority made in the test process with <see cref="CertificateRequest"/>: a root, and server
/// certificates it signs — valid for <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>, expired, or for another name.
/// No certificate file lives in the repository; <see cref="Shared"/> makes the set once per test run (ECDSA P-256
/// keys: quick to make). Clients trust the root through <see cref="ClientOptions"/>, real peers through the PEM files
/// of <see cref="WritePem"/>.
/// </summary>
internal sealed class TestCertificateAuthority
{
    private static readonly Lazy<TestCertificateAuthority> s_shared = new(() => new TestCertificateAuthority());

    private readonly ECDsa _rootKey;

    private TestCertificateAuthority()
    {
        _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=NetPrimitives Test Root", _rootKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        Root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        Server = Issue("localhost", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), "localhost", IPAddress.Loopback, IPAddress.IPv6Loopback);
        Expired = Issue("localhost", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1), "localhost", IPAddress.Loopback, IPAddress.IPv6Loopback);
        WrongName = Issue("wrong.example", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), "wrong.example");
    }

    /// <summary>The one authority of the test run.</summary>
    public static TestCertificateAuthority Shared => s_shared.Value;

    /// <summary>The root: trust it, and every certificate below is trusted.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>A server certificate (with its key) for <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>, valid now.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The same names, expired yesterday.</summary>
    public X509Certificate2 Expired { get; }

    /// <summary>Valid now, for <c>wrong.example</c> only.</summary>
    public X509Certificate2 WrongName { get; }

    /// <summary>Server options that present <paramref name="certificate"/> (default <see cref="Server"/>).</summary>
    public SslServerAuthenticationOptions ServerOptions(X509Certificate2? certificate = null, params SslApplicationProtocol[] alpn) => new()
    {
        ServerCertificate = certificate ?? Server,
        ApplicationProtocols = alpn.Length == 0 ? null : [.. alpn],
    };

    /// <summary>Client options that trust this authority's root only, with the system's checks (chain, dates, name) otherwise unchanged.</summary>
    public SslClientAuthenticationOptions ClientOptions(string? targetHost = null, params SslApplicationProtocol[] alpn) => new()
    {
        TargetHost = targetHost,
        ApplicationProtocols = alpn.Length == 0 ? null : [.. alpn],
        CertificateChainPolicy = TrustingRoot(),
    };

    /// <summary>A chain policy that trusts exactly <see cref="Root"/> (no revocation lookup: the authority publishes none).</summary>
    public X509ChainPolicy TrustingRoot()
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(Root);
        return policy;
    }

    /// <summary>
    /// A validation callback that trusts this authority's root (and nothing else) and keeps the system's name check:
    /// for APIs that take a callback, not a chain policy (<c>SmtpClientRawOptions.ServerCertificateValidation</c>).
    /// </summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var ours = new X509Chain { ChainPolicy = TrustingRoot() };
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return ours.Build(presented);
    }

    /// <summary>Writes <c>ca.pem</c> (the root), <c>cert.pem</c> and <c>key.pem</c> (<paramref name="certificate"/>, default <see cref="Server"/>) into <paramref name="directory"/>.</summary>
    public (string CaPath, string CertPath, string KeyPath) WritePem(string directory, X509Certificate2? certificate = null)
    {
        certificate ??= Server;
        var ca = Path.Combine(directory, "ca.pem");
        var cert = Path.Combine(directory, "cert.pem");
        var key = Path.Combine(directory, "key.pem");
        File.WriteAllText(ca, Root.ExportCertificatePem());
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        using var privateKey = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(key, privateKey.ExportPkcs8PrivateKeyPem());
        return (ca, cert, key);
    }

    private X509Certificate2 Issue(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, string dnsName, params IPAddress[] addresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server authentication
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        foreach (var address in addresses)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        using var issued = request.Create(Root.SubjectName, X509SignatureGenerator.CreateForECDsa(_rootKey), notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }
}
