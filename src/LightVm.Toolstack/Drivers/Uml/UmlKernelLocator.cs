namespace LightVm.Toolstack.Drivers.Uml;

/// <summary>
/// Finds a UML kernel: the configured one, else the newest Tinyx build in the kernel cache
/// (<c>/var/cache/lightvm/kernels/uml-*/linux</c>, root overridable with <c>LIGHTVM_CACHE</c>), else Debian's
/// <c>user-mode-linux</c> package (a full kernel: it works, it boots in about a second instead of 0.2 s).
/// </summary>
public static class UmlKernelLocator
{
    public const string DebianKernel = "/usr/bin/linux.uml";

    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("LIGHTVM_CACHE") is { Length: > 0 } root ? root : "/var/cache/lightvm";

    public static string? Find(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw new GuestStartException($"The configured UML kernel '{configured}' does not exist.");
        }

        var kernels = Path.Combine(CacheRoot, "kernels");
        if (Directory.Exists(kernels))
        {
            var newest = Directory.GetDirectories(kernels, "uml-*")
                .Select(dir => new FileInfo(Path.Combine(dir, "linux")))
                .Where(file => file.Exists)
                .OrderByDescending(file => file.LastWriteTimeUtc)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest.FullName;
            }
        }

        return File.Exists(DebianKernel) ? DebianKernel : null;
    }

    public static string Require(string? configured) =>
        Find(configured) ?? throw new GuestStartException(
            $"No UML kernel: none configured, none in {Path.Combine(CacheRoot, "kernels")}/uml-*/ and no {DebianKernel}. " +
            "Build one with `lightvm tinyx kernel uml` or install Debian's user-mode-linux package.");
}
