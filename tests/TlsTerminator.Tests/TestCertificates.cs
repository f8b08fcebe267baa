using LightVm.Policies.Tls;

namespace LightVm.TlsTerminator.Tests;

/// <summary>One local CA per test class (in a temporary directory) and the certificates it issued, as the platform would load them.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("tls-terminator-certs-");

    public TestCertificates()
    {
        Authority = LocalCertificateAuthority.OpenOrCreate(_directory.FullName);
    }

    public LocalCertificateAuthority Authority { get; }

    /// <summary>Issues a certificate for <paramref name="hostname"/> and loads it as the policy loader does.</summary>
    public TlsMaterial Issue(string hostname)
    {
        var issued = Authority.Issue(hostname);
        return TlsMaterial.Load(hostname, issued.CertificatePath, issued.KeyPath);
    }

    public void Dispose()
    {
        Authority.Dispose();
        _directory.Delete(recursive: true);
    }
}
