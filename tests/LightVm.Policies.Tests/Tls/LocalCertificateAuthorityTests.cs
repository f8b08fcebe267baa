using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LightVm.Policies.Tls;

namespace LightVm.Policies.Tests.Tls;

public sealed class LocalCertificateAuthorityTests
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    [Fact]
    public void OpenOrCreate_EmptyDirectory_CreatesP256Ca()
    {
        using var dir = new TempDirectory();

        using var ca = LocalCertificateAuthority.OpenOrCreate(dir.File("certs"));

        Assert.True(ca.Created);
        using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(ca.CertificatePath));
        Assert.Equal("CN=LightVM local CA", cert.Subject);
        Assert.Equal(cert.Subject, cert.Issuer);
        var constraints = Assert.Single(cert.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.True(constraints.CertificateAuthority);
        Assert.True(Assert.Single(cert.Extensions.OfType<X509KeyUsageExtension>()).KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
        using var key = cert.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.InRange(cert.NotAfter - cert.NotBefore, TimeSpan.FromDays(3649), TimeSpan.FromDays(3651));
    }

    [Fact]
    public void OpenOrCreate_ExistingCa_LoadsSameCa()
    {
        using var dir = new TempDirectory();
        string thumbprint;
        using (var first = LocalCertificateAuthority.OpenOrCreate(dir.Path))
        {
            thumbprint = first.Certificate.Thumbprint;
        }

        using var second = LocalCertificateAuthority.OpenOrCreate(dir.Path);

        Assert.False(second.Created);
        Assert.Equal(thumbprint, second.Certificate.Thumbprint);
        Assert.True(second.Certificate.HasPrivateKey);
    }

    [Fact]
    public void OpenOrCreate_KeyMissing_ThrowsNamingTheFile()
    {
        using var dir = new TempDirectory();
        using (LocalCertificateAuthority.OpenOrCreate(dir.Path))
        {
        }

        File.Delete(dir.File("ca.key"));

        var ex = Assert.Throws<TlsMaterialException>(() => LocalCertificateAuthority.OpenOrCreate(dir.Path));
        Assert.Contains(dir.File("ca.key"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_Hostname_LeafValidForHostnameAndChainedToCa()
    {
        using var dir = new TempDirectory();
        using var ca = LocalCertificateAuthority.OpenOrCreate(dir.Path);

        var issued = ca.Issue("Hello.Example.com");

        Assert.Equal("hello.example.com", issued.Hostname);
        Assert.Equal(dir.File("hello.example.com.crt"), issued.CertificatePath);
        Assert.Equal(dir.File("hello.example.com.key"), issued.KeyPath);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(issued.CertificatePath);
        Assert.Equal(2, chain.Count);
        var leaf = chain[0];
        Assert.Equal(ca.Certificate.Thumbprint, chain[1].Thumbprint);
        Assert.True(leaf.MatchesHostname("hello.example.com"));
        Assert.False(leaf.MatchesHostname("other.example.com"));
        Assert.Contains(
            Assert.Single(leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>()).EnhancedKeyUsages.Cast<Oid>(),
            oid => oid.Value == ServerAuthOid);
        Assert.InRange(leaf.NotAfter - leaf.NotBefore, TimeSpan.FromDays(365), TimeSpan.FromDays(366));
        Assert.Equal(256, leaf.GetECDsaPublicKey()!.KeySize);

        using var x509Chain = new X509Chain();
        x509Chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509Chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(ca.Certificate.RawData));
        x509Chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        x509Chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthOid));
        Assert.True(x509Chain.Build(leaf), string.Join("; ", x509Chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void Issue_TwoCertificates_HaveDifferentSerials()
    {
        using var dir = new TempDirectory();
        using var ca = LocalCertificateAuthority.OpenOrCreate(dir.Path);

        using var a = X509Certificate2.CreateFromPem(File.ReadAllText(ca.Issue("a.example.com").CertificatePath));
        using var b = X509Certificate2.CreateFromPem(File.ReadAllText(ca.Issue("b.example.com").CertificatePath));

        Assert.NotEqual(a.SerialNumber, b.SerialNumber);
    }

    [Fact]
    public void Issue_Hostname_KeyFilesAreOwnerOnly()
    {
        using var dir = new TempDirectory();
        using var ca = LocalCertificateAuthority.OpenOrCreate(dir.Path);

        var issued = ca.Issue("hello.localhost");

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(issued.KeyPath));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(ca.KeyPath));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(issued.KeyPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_Wildcard_StoredAsUnderscoreWildcard()
    {
        using var dir = new TempDirectory();
        using var ca = LocalCertificateAuthority.OpenOrCreate(dir.Path);

        var issued = ca.Issue("*.apps.localhost");

        Assert.Equal(dir.File("_wildcard.apps.localhost.crt"), issued.CertificatePath);
        using var leaf = X509Certificate2.CreateFromPem(File.ReadAllText(issued.CertificatePath));
        Assert.True(leaf.MatchesHostname("x.apps.localhost"));
    }

    [Fact]
    public void Issue_InvalidHostname_ThrowsArgumentException()
    {
        using var dir = new TempDirectory();
        using var ca = LocalCertificateAuthority.OpenOrCreate(dir.Path);

        var ex = Assert.Throws<ArgumentException>(() => ca.Issue("not a host"));

        Assert.Contains("'not a host'", ex.Message, StringComparison.Ordinal);
    }
}
