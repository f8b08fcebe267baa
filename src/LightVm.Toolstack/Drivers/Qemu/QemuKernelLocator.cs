namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// Finds a kernel for QEMU guests: the configured one, else the newest Tinyx build in the kernel cache
/// (<c>/var/cache/lightvm/kernels/qemu-*/bzImage</c>, root overridable with <c>LIGHTVM_CACHE</c>), else Debian's
/// <c>/boot/vmlinuz-*</c> (a full kernel: it boots, slower, and its virtio drivers are modules the bare-binary
/// initramfs does not carry, so such guests have no NIC).
/// </summary>
public static class QemuKernelLocator
{
    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("LIGHTVM_CACHE") is { Length: > 0 } root ? root : "/var/cache/lightvm";

    public static string? Find(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw new GuestStartException($"The configured QEMU guest kernel '{configured}' does not exist.");
        }

        var kernels = Path.Combine(CacheRoot, "kernels");
        if (Directory.Exists(kernels))
        {
            var newest = Directory.GetDirectories(kernels, "qemu-*")
                .Where(dir => !dir.EndsWith(".partial", StringComparison.Ordinal))
                .Select(dir => new FileInfo(Path.Combine(dir, "bzImage")))
                .Where(file => file.Exists)
                .OrderByDescending(file => file.LastWriteTimeUtc)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest.FullName;
            }
        }

        return Directory.Exists("/boot")
            ? Directory.GetFiles("/boot", "vmlinuz-*").OrderByDescending(f => f, StringComparer.Ordinal).FirstOrDefault()
            : null;
    }

    public static string Require(string? configured) =>
        Find(configured) ?? throw new GuestStartException(
            $"No QEMU guest kernel: none configured, none in {Path.Combine(CacheRoot, "kernels")}/qemu-*/bzImage and no /boot/vmlinuz-*. " +
            "Build one with `lightvm tinyx kernel qemu` (tinyconfig + ops/kernel/common.config + ops/kernel/qemu.config).");
}
