using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LightVm.Policies.Tls;

/// <summary>
/// A certificate authority for local use (development, demos, a private network): ECDSA P-256, CN
/// <see cref="CommonName"/>, valid 10 years, kept as <c>ca.crt</c>/<c>ca.key</c> in one directory, which
/// issues per-host-name server certificates (ECDSA P-256, one SAN dNSName, serverAuth, 1 year, random serial).
/// P-256 keeps a leaf, its CA and its key near 1.7 KB of PEM, which fits a guest's 4 KiB device page.
/// </summary>
/// <remarks>
/// Writes <c>&lt;dir&gt;/&lt;name&gt;.crt</c> (leaf then CA) and <c>&lt;dir&gt;/&lt;name&gt;.key</c> (PKCS#8); a wildcard
/// name <c>*.example.com</c> is stored as <c>_wildcard.example.com.*</c>. Key files are created with mode 0600.
/// </remarks>
public sealed class LocalCertificateAuthority : IDisposable
{
    public const string CommonName = "LightVM local CA";
    public const string CertificateFileName = "ca.crt";
    public const string KeyFileName = "ca.key";

    public static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    public static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(365);

    /// <summary>Certificates start this much before now, so that a host whose clock is a little behind accepts them.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    private readonly X509Certificate2 _certificate;
    private readonly TimeProvider _time;

    private LocalCertificateAuthority(string directory, X509Certificate2 certificate, bool created, TimeProvider time)
    {
        Directory = directory;
        _certificate = certificate;
        Created = created;
        _time = time;
    }

    /// <summary>The directory holding the CA and the certificates it issued.</summary>
    public string Directory { get; }

    /// <summary>True when <see cref="OpenOrCreate"/> made a new CA, false when it loaded one.</summary>
    public bool Created { get; }

    public string CertificatePath => Path.Combine(Directory, CertificateFileName);

    public string KeyPath => Path.Combine(Directory, KeyFileName);

    /// <summary>The CA certificate (with its private key: do not hand it out; export the public part).</summary>
    public X509Certificate2 Certificate => _certificate;

    /// <summary>
    /// Loads the CA from <paramref name="directory"/> when <c>ca.crt</c> and <c>ca.key</c> are there, else creates
    /// the directory and a new CA in it. Throws <see cref="TlsMaterialException"/> when only one of the two files
    /// exists or they cannot be used together.
    /// </summary>
    public static LocalCertificateAuthority OpenOrCreate(string directory, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        time ??= TimeProvider.System;
        var full = Path.GetFullPath(directory);
        var certPath = Path.Combine(full, CertificateFileName);
        var keyPath = Path.Combine(full, KeyFileName);
        var haveCert = File.Exists(certPath);
        var haveKey = File.Exists(keyPath);
        if (haveCert && haveKey)
        {
            return new LocalCertificateAuthority(full, Load(certPath, keyPath), created: false, time);
        }

        if (haveCert || haveKey)
        {
            var (present, missing) = haveCert ? (certPath, keyPath) : (keyPath, certPath);
            throw new TlsMaterialException($"The local CA in '{full}' is incomplete: '{present}' exists but '{missing}' does not; restore it or remove both to create a new CA.");
        }

        System.IO.Directory.CreateDirectory(full);
        var certificate = CreateCa(time.GetUtcNow());
        PemFiles.WritePublic(certPath, certificate.ExportCertificatePem() + "\n");
        using (var key = certificate.GetECDsaPrivateKey()!)
        {
            PemFiles.WritePrivate(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        }

        return new LocalCertificateAuthority(full, certificate, created: true, time);
    }

    /// <summary>The file stem the certificate of <paramref name="hostname"/> is stored under (<c>*</c> becomes <c>_wildcard</c>).</summary>
    public static string FileStem(string hostname) => Hostname.Normalize(hostname).Replace("*", "_wildcard", StringComparison.Ordinal);

    /// <summary>Issues (or re-issues, replacing the files) a server certificate for <paramref name="hostname"/>.</summary>
    /// <exception cref="ArgumentException">The host name is not a DNS name.</exception>
    public IssuedCertificate Issue(string hostname)
    {
        var name = Hostname.Normalize(hostname);
        var now = _time.GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build(critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var notAfter = now + LeafLifetime;
        if (notAfter > _certificate.NotAfter)
        {
            notAfter = _certificate.NotAfter; // A leaf cannot outlive its CA.
        }

        using var leaf = request.Create(_certificate, now - ClockSkew, notAfter, SerialNumber());
        var stem = Path.Combine(Directory, FileStem(name));
        var issued = new IssuedCertificate(name, stem + ".crt", stem + ".key", leaf.NotAfter);
        PemFiles.WritePrivate(issued.KeyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        PemFiles.WritePublic(issued.CertificatePath, leaf.ExportCertificatePem() + "\n" + _certificate.ExportCertificatePem() + "\n");
        return issued;
    }

    public void Dispose() => _certificate.Dispose();

    private static X509Certificate2 CreateCa(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={CommonName}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now - ClockSkew, now + CaLifetime);
    }

    private static X509Certificate2 Load(string certPath, string keyPath)
    {
        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            if (certificate.GetECDsaPrivateKey() is not { } key)
            {
                certificate.Dispose();
                throw new TlsMaterialException($"The local CA key '{keyPath}' is not an ECDSA key.");
            }

            key.Dispose();
            return certificate;
        }
        catch (CryptographicException)
        {
            // The exception's own text is generic; it holds nothing of the key, but say it in our words anyway.
            throw new TlsMaterialException($"The local CA '{certPath}' and its key '{keyPath}' cannot be loaded: not PEM, malformed, or the key does not match the certificate.");
        }
        catch (IOException ex)
        {
            throw new TlsMaterialException($"The local CA '{certPath}' or its key '{keyPath}' cannot be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new TlsMaterialException($"The local CA '{certPath}' or its key '{keyPath}' cannot be read: {ex.Message}", ex);
        }
    }

    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01); // Positive and exactly 16 bytes long (RFC 5280, 4.1.2.2).
        return serial;
    }
}
