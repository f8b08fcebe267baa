using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LightVm.Noxs;

namespace LightVm.Policies.Tls;

/// <summary>
/// A checked certificate chain and private key for one host name, as PEM text: what a TLS-terminator guest gets
/// in its device page (see <see cref="ToPageConfig"/>). <see cref="ToString"/> never prints the key.
/// </summary>
/// <param name="Hostname">The host name (lower case) the certificate was checked to be valid for.</param>
/// <param name="CertificatePem">The certificate file as read: the leaf first, then any chain.</param>
/// <param name="KeyPem">The private key file as read (PKCS#8 or EC PRIVATE KEY).</param>
public sealed record TlsMaterial(string Hostname, string CertificatePem, string KeyPem)
{
    /// <summary>
    /// Reads <paramref name="certPath"/> and <paramref name="keyPath"/> and checks them: the certificate parses,
    /// the key parses and matches the certificate's public key, the certificate is valid for
    /// <paramref name="hostname"/> (its SAN dNSNames, wildcards allowed) and is valid now.
    /// </summary>
    /// <exception cref="TlsMaterialException">Naming the file and the problem, never the key's contents.</exception>
    public static TlsMaterial Load(string hostname, string certPath, string keyPath) => Load(hostname, certPath, keyPath, TimeProvider.System);

    /// <inheritdoc cref="Load(string, string, string)"/>
    public static TlsMaterial Load(string hostname, string certPath, string keyPath, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        ArgumentException.ThrowIfNullOrWhiteSpace(certPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPath);
        ArgumentNullException.ThrowIfNull(time);
        if (Tls.Hostname.Validate(hostname) is { } invalid)
        {
            throw new TlsMaterialException($"The certificate '{certPath}' cannot be checked: {invalid}");
        }

        var name = hostname.ToLowerInvariant();
        var certPem = ReadFile(certPath, "certificate");
        var keyPem = ReadFile(keyPath, "private key");
        using var leaf = ParseLeaf(certPem, certPath);
        CheckKey(leaf, keyPem, certPath, keyPath);
        CheckValidity(leaf, name, certPath, time.GetUtcNow());
        return new TlsMaterial(name, certPem, keyPem);
    }

    /// <summary>
    /// A PEM text as a device page config value: a page's values are single lines, so line breaks become spaces,
    /// which PEM readers (.NET's PemEncoding, OpenSSL's) skip like the line breaks they replace.
    /// </summary>
    public static string PageValue(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        return pem.ReplaceLineEndings(" ").Trim();
    }

    /// <summary>The terminator guest's config entries: <c>hostname</c>, <c>cert</c> and <c>key</c> (add <c>port</c>, optional <c>backend</c>).</summary>
    public IReadOnlyDictionary<string, string> ToPageConfig() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [PageKeys.Hostname] = Hostname,
        [PageKeys.Certificate] = PageValue(CertificatePem),
        [PageKeys.Key] = PageValue(KeyPem),
    };

    /// <summary>Says which host name and how big the certificate is; the key stays out of logs.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"TlsMaterial {{ Hostname = {Hostname}, CertificatePem = ({CertificatePem.Length} chars), KeyPem = (hidden) }}");

    private static string ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TlsMaterialException($"The {what} file '{path}' does not exist.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TlsMaterialException($"The {what} file '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    private static X509Certificate2 ParseLeaf(string certPem, string certPath)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(certPem);
        }
        catch (CryptographicException ex)
        {
            throw new TlsMaterialException($"The certificate file '{certPath}' holds a malformed PEM certificate: {ex.Message}", ex);
        }

        if (certificates.Count == 0)
        {
            throw new TlsMaterialException($"The certificate file '{certPath}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }

        for (var i = 1; i < certificates.Count; i++)
        {
            certificates[i].Dispose();
        }

        return certificates[0];
    }

    /// <summary>Parses the key for the leaf's algorithm and compares public keys. No message quotes the key file.</summary>
    private static void CheckKey(X509Certificate2 leaf, string keyPem, string certPath, string keyPath)
    {
        if (keyPem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new TlsMaterialException($"The private key file '{keyPath}' is encrypted; the guest needs an unencrypted key (PKCS#8 PRIVATE KEY or EC PRIVATE KEY).");
        }

        using AsymmetricAlgorithm key = leaf.GetKeyAlgorithm() switch
        {
            "1.2.840.10045.2.1" => ECDsa.Create(),
            "1.2.840.113549.1.1.1" => RSA.Create(),
            var other => throw new TlsMaterialException($"The certificate '{certPath}' has a public key of algorithm {other}; only ECDSA and RSA are supported."),
        };
        var algorithm = key is ECDsa ? "ECDSA" : "RSA";
        try
        {
            key.ImportFromPem(keyPem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            // Neither exception's text is passed on: the key's file is named, its contents never.
            throw new TlsMaterialException(
                $"The private key file '{keyPath}' holds no valid unencrypted {algorithm} private key in PEM (PRIVATE KEY{(key is ECDsa ? " or EC PRIVATE KEY" : " or RSA PRIVATE KEY")}), as the certificate '{certPath}' needs.");
        }

        var fromKey = key.ExportSubjectPublicKeyInfo();
        var fromCertificate = leaf.PublicKey.ExportSubjectPublicKeyInfo();
        if (!CryptographicOperations.FixedTimeEquals(fromKey, fromCertificate))
        {
            throw new TlsMaterialException($"The private key file '{keyPath}' does not match the certificate '{certPath}' (another certificate's key?).");
        }
    }

    private static void CheckValidity(X509Certificate2 leaf, string hostname, string certPath, DateTimeOffset now)
    {
        if (!leaf.MatchesHostname(hostname, allowWildcards: true, allowCommonName: false))
        {
            var names = DnsNames(leaf);
            throw new TlsMaterialException(
                $"The certificate '{certPath}' is not valid for '{hostname}': its names are {(names.Count == 0 ? "none (no SAN dNSName)" : string.Join(", ", names))}.");
        }

        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var notBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        if (now > notAfter)
        {
            throw new TlsMaterialException(string.Create(CultureInfo.InvariantCulture, $"The certificate '{certPath}' expired on {notAfter:yyyy-MM-dd HH:mm} UTC."));
        }

        if (now < notBefore)
        {
            throw new TlsMaterialException(string.Create(CultureInfo.InvariantCulture, $"The certificate '{certPath}' is not valid before {notBefore:yyyy-MM-dd HH:mm} UTC."));
        }
    }

    private static List<string> DnsNames(X509Certificate2 leaf)
    {
        foreach (var extension in leaf.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                return [.. san.EnumerateDnsNames()];
            }
        }

        return [];
    }
}
