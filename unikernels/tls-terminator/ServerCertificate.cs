using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LightVm.Guest.Hosting;
using LightVm.Noxs;

namespace LightVm.TlsTerminator;

/// <summary>
/// The guest's certificate, chain and private key, loaded from the page's PEM texts into memory only (nothing is
/// written to disk) and checked once: the key parses and matches the leaf, the leaf is valid for the host name and
/// valid now. <see cref="Context"/> is built once and shared by every handshake.
/// </summary>
/// <remarks>
/// No message here quotes the key (or the exceptions the parsers throw about it): a startup failure says which
/// config key is wrong and why, and goes to standard error, which the host keeps in its logs.
/// </remarks>
public sealed class ServerCertificate : IDisposable
{
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaOid = "1.2.840.113549.1.1.1";

    private readonly X509Certificate2 _leaf;
    private readonly X509Certificate2Collection _chain;

    private ServerCertificate(X509Certificate2 leaf, X509Certificate2Collection chain, string hostname)
    {
        _leaf = leaf;
        _chain = chain;
        Hostname = hostname;

        // offline: no AIA or revocation fetches from a guest that may have no route out.
        Context = SslStreamCertificateContext.Create(leaf, chain, offline: true);
    }

    public string Hostname { get; }

    public SslStreamCertificateContext Context { get; }

    public DateTime NotAfter => _leaf.NotAfter;

    /// <summary>Loads and checks; every failure becomes a <see cref="GuestStartupException"/> naming the problem.</summary>
    public static ServerCertificate Load(string hostname, string certificatePem, string keyPem, DateTimeOffset now)
    {
        var certificates = ParseCertificates(certificatePem);
        var leaf = certificates[0];
        try
        {
            using var key = ParseKey(leaf, keyPem);
            var withKey = key switch
            {
                ECDsa ec => leaf.CopyWithPrivateKey(ec),
                RSA rsa => leaf.CopyWithPrivateKey(rsa),
                _ => throw new GuestStartupException($"The device page's '{PageKeys.Key}' has an unsupported algorithm."),
            };
            CheckValidity(withKey, hostname, now);
            certificates.RemoveAt(0);
            return new ServerCertificate(withKey, certificates, hostname);
        }
        finally
        {
            leaf.Dispose();
        }
    }

    /// <summary>Whether a client's SNI name is one this certificate serves (wildcards included).</summary>
    public bool Serves(string serverName) => Matches(_leaf, serverName);

    public void Dispose()
    {
        _leaf.Dispose();
        foreach (var certificate in _chain)
        {
            certificate.Dispose();
        }
    }

    private static X509Certificate2Collection ParseCertificates(string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new GuestStartupException($"The device page's '{PageKeys.Certificate}' holds a malformed PEM certificate: {ex.Message}", ex);
        }

        return certificates.Count > 0
            ? certificates
            : throw new GuestStartupException($"The device page's '{PageKeys.Certificate}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
    }

    /// <summary>Parses the key for the leaf's algorithm and checks it is the leaf's. Neither parser's exception is passed on.</summary>
    private static AsymmetricAlgorithm ParseKey(X509Certificate2 leaf, string pem)
    {
        AsymmetricAlgorithm key = leaf.GetKeyAlgorithm() switch
        {
            EcPublicKeyOid => ECDsa.Create(),
            RsaOid => RSA.Create(),
            var other => throw new GuestStartupException($"The device page's '{PageKeys.Certificate}' has a public key of algorithm {other}; only ECDSA and RSA are supported."),
        };
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            var algorithm = key is ECDsa ? "ECDSA" : "RSA";
            key.Dispose();
            throw new GuestStartupException($"The device page's '{PageKeys.Key}' is not a valid unencrypted {algorithm} private key in PEM (PRIVATE KEY or {(algorithm == "RSA" ? "RSA" : "EC")} PRIVATE KEY), as '{PageKeys.Certificate}' needs.");
        }

        if (!CryptographicOperations.FixedTimeEquals(key.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            key.Dispose();
            throw new GuestStartupException($"The device page's '{PageKeys.Key}' does not match the certificate in '{PageKeys.Certificate}' (another certificate's key?).");
        }

        return key;
    }

    /// <summary>SAN dNSName match, wildcards allowed; a name that is not a DNS name (MatchesHostname throws) matches nothing.</summary>
    private static bool Matches(X509Certificate2 leaf, string name)
    {
        try
        {
            return leaf.MatchesHostname(name, allowWildcards: true, allowCommonName: false);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void CheckValidity(X509Certificate2 leaf, string hostname, DateTimeOffset now)
    {
        if (!Matches(leaf, hostname))
        {
            throw new GuestStartupException($"The device page's '{PageKeys.Certificate}' is not valid for the host name '{hostname}' (subject {leaf.Subject}).");
        }

        if (now.UtcDateTime > leaf.NotAfter.ToUniversalTime())
        {
            throw new GuestStartupException(string.Create(CultureInfo.InvariantCulture, $"The device page's '{PageKeys.Certificate}' expired on {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC."));
        }

        if (now.UtcDateTime < leaf.NotBefore.ToUniversalTime())
        {
            throw new GuestStartupException(string.Create(CultureInfo.InvariantCulture, $"The device page's '{PageKeys.Certificate}' is not valid before {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC."));
        }
    }
}
