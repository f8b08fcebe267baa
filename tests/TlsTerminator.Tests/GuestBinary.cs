using LightVm.Testing;

namespace LightVm.TlsTerminator.Tests;

/// <summary>Finds the published guest under the repository (LightVm.Testing's RepoRoot), as RepoPaths finds jit-web.</summary>
public static class GuestBinary
{
    /// <summary>The published tls-terminator; throws (failing the test) with what to run when it is missing.</summary>
    public static string Path()
    {
        var path = System.IO.Path.Combine(RepoRoot.Find(), "artifacts", "guests", "tls-terminator", "tls-terminator");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The tls-terminator guest {path} does not exist: run ops/build-guests.sh first.", path);
        }

        return path;
    }
}
