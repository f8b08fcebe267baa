using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LightVm.Policies.Tls;

namespace LightVm.Policies.Tests.Tls;

public sealed class TlsMaterialTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly LocalCertificateAuthority _ca;
    private readonly IssuedCertificate _hello;

    public TlsMaterialTests()
    {
        _ca = LocalCertificateAuthority.OpenOrCreate(_dir.Path);
        _hello = _ca.Issue("hello.localhost");
    }

    [Fact]
    public void Load_IssuedCertificate_ReturnsPemTexts()
    {
        var material = TlsMaterial.Load("HELLO.localhost", _hello.CertificatePath, _hello.KeyPath);

        Assert.Equal("hello.localhost", material.Hostname);
        Assert.Equal(File.ReadAllText(_hello.CertificatePath), material.CertificatePem);
        Assert.Equal(File.ReadAllText(_hello.KeyPath), material.KeyPem);
    }

    [Fact]
    public void Load_WildcardCertificate_ValidForSubdomain()
    {
        var wildcard = _ca.Issue("*.apps.localhost");

        var material = TlsMaterial.Load("shop.apps.localhost", wildcard.CertificatePath, wildcard.KeyPath);

        Assert.Equal("shop.apps.localhost", material.Hostname);
    }

    [Fact]
    public void Load_EcPrivateKeyPem_Accepted()
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(_hello.KeyPath));
        var sec1 = _dir.File("sec1.key");
        File.WriteAllText(sec1, key.ExportECPrivateKeyPem());

        var material = TlsMaterial.Load("hello.localhost", _hello.CertificatePath, sec1);

        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", material.KeyPem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CertificateMissing_NamesTheFile()
    {
        var missing = _dir.File("nope.crt");

        var ex = Assert.Throws<TlsMaterialException>(() => TlsMaterial.Load("hello.localhost", missing, _hello.KeyPath));

        Assert.Contains($"'{missing}' does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyMissing_NamesTheFile()
    {
        var missing = _dir.File("nope.key");

        var ex = Assert.Throws<TlsMaterialException>(() => TlsMaterial.Load("hello.localhost", _hello.CertificatePath, missing));

        Assert.Contains($"'{missing}' does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GarbageCertificate_NamesTheFile()
    {
        var garbage = _dir.File("garbage.crt");
        File.WriteAllText(garbage, "this is not a certificate\n");

        var ex = Assert.Throws<TlsMaterialException>(() => TlsMaterial.Load("hello.localhost", garbage, _hello.KeyPath));

        Assert.Contains($"'{garbage}' holds no PEM certificate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptCertificateBody_NamesTheFile()
    {
        var corrupt = _dir.File("corrupt.crt");
        File.WriteAllText(corrupt, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        var ex = Assert.Throws<TlsMaterialException>(() => TlsMaterial.Load("hello.localhost", corrupt, _hello.KeyPath));

        Assert.Contains($"'{corrupt}' holds a malformed PEM certificate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GarbageKey_NamesTheFileNotItsContents()
    {
        var garbage = _dir.File("garbage.key");
        const string secret = "-----BEGIN PRIVATE KEY-----\nU2VjcmV0U2VjcmV0U2VjcmV0\n-----END PRIVATE KEY-----\n";
        File.WriteAllText(garbage, secret);

        var ex = Assert.Throws<TlsMaterialException>(() => TlsMaterial.Load("hello.localhost", _hello.CertificatePath, garbage));

        Assert.Contains($"'{garbage}' holds no valid unencrypted ECDSA private key", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("U2VjcmV0", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyOfAnotherCertificate_SaysItDoesNotMatch()
    {
        var other = _ca.Issue("other.localhost");

        var ex = Assert.Throws<TlsMaterialException>(() => TlsMaterial.Load("hello.localhost", _hello.CertificatePath, other.KeyPath));

        Assert.Contains($"'{other.KeyPath}' does not match the certificate '{_hello.CertificatePath}'", ex.Message, StringComparison.Ordinal);
        AssertNoKeyText(other.KeyPath, ex);
    }

    [Fact]
    public void Load_WrongHostname_ListsTheCertificatesNames()
    {
        var ex = Assert.Throws<TlsMaterialException>(() => TlsMaterial.Load("other.localhost", _hello.CertificatePath, _hello.KeyPath));

        Assert.Contains($"'{_hello.CertificatePath}' is not valid for 'other.localhost': its names are hello.localhost", ex.Message, StringComparison.Ordinal);
        AssertNoKeyText(_hello.KeyPath, ex);
    }

    [Fact]
    public void Load_InvalidHostname_SaysWhy()
    {
        var ex = Assert.Throws<TlsMaterialException>(() => TlsMaterial.Load("bad_name.localhost", _hello.CertificatePath, _hello.KeyPath));

        Assert.Contains("is not a DNS name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExpiredCertificate_SaysExpired()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=old.localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("old.localhost");
        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow;
        using var expired = request.CreateSelfSigned(now.AddDays(-30), now.AddDays(-1));
        var certPath = _dir.File("old.crt");
        var keyPath = _dir.File("old.key");
        File.WriteAllText(certPath, expired.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());

        var ex = Assert.Throws<TlsMaterialException>(() => TlsMaterial.Load("old.localhost", certPath, keyPath));

        Assert.Contains($"'{certPath}' expired on", ex.Message, StringComparison.Ordinal);
        AssertNoKeyText(keyPath, ex);
    }

    [Fact]
    public void ToString_Material_HidesKey()
    {
        var material = TlsMaterial.Load("hello.localhost", _hello.CertificatePath, _hello.KeyPath);

        var text = material.ToString();

        Assert.Contains("hello.localhost", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToPageConfig_Material_SingleLinePemThatStillParses()
    {
        var material = TlsMaterial.Load("hello.localhost", _hello.CertificatePath, _hello.KeyPath);

        var config = material.ToPageConfig();

        Assert.Equal("hello.localhost", config["hostname"]);
        Assert.DoesNotContain('\n', config["cert"]);
        Assert.DoesNotContain('\n', config["key"]);
        using var parsed = X509Certificate2.CreateFromPem(config["cert"], config["key"]);
        Assert.True(parsed.HasPrivateKey);
        Assert.True(parsed.MatchesHostname("hello.localhost"));
    }

    public void Dispose()
    {
        _ca.Dispose();
        _dir.Dispose();
    }

    private static void AssertNoKeyText(string keyPath, Exception ex)
    {
        var text = ex.ToString();
        foreach (var line in File.ReadAllLines(keyPath).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(line, text, StringComparison.Ordinal);
        }
    }
}
