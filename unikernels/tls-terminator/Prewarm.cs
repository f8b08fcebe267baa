using LightVm.Noxs;

namespace LightVm.TlsTerminator;

/// <summary>
/// Work done while the shell waits for its page (the prepare phase), so that less is paid after "go": loads
/// libcrypto (a throw-away P-256 key and signature), then touches the page reader's CRC and the console.
/// </summary>
public static class Prewarm
{
    public static void Run()
    {
        try
        {
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            _ = key.SignData([1, 2, 3], System.Security.Cryptography.HashAlgorithmName.SHA256);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or TypeInitializationException or DllNotFoundException)
        {
            // Prewarming is an optimization; a missing libcrypto shows up, clearly, when the page's key is loaded.
        }

        _ = Crc32.Compute([0]);
        _ = Console.Out;
    }
}
