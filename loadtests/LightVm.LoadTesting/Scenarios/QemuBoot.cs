using System.Globalization;
using LightVm.LoadTesting.Machine;
using LightVm.Tinyx.Kernels;

namespace LightVm.LoadTesting.Scenarios;

/// <summary>The QEMU cold-boot baseline: finds a kernel, builds a tiny initramfs (busybox powering off at once), picks KVM or TCG.</summary>
public static class QemuBoot
{
    public static (string? Kernel, string Looked) FindKernel(string repoRoot)
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("LIGHTVM_KERNEL") is { Length: > 0 } explicitKernel)
        {
            candidates.Add(explicitKernel);
        }

        foreach (var pattern in new[] { (Path.Combine(repoRoot, "artifacts/images"), "bzImage"), ("/var/cache/lightvm/kernels", "bzImage"), ("/boot", "vmlinuz-*") })
        {
            if (Directory.Exists(pattern.Item1))
            {
                candidates.AddRange(Directory.EnumerateFiles(pattern.Item1, pattern.Item2, SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
        }

        var looked = "$LIGHTVM_KERNEL, artifacts/images/*/bzImage, /var/cache/lightvm/kernels/*/bzImage, /boot/vmlinuz-*";
        return (candidates.FirstOrDefault(File.Exists), looked);
    }

    public static async Task<(IReadOnlyList<string> Arguments, string Accelerator)> PrepareAsync(string work, string kernel, string busybox)
    {
        var root = Path.Combine(work, "initramfs");
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        File.Copy(busybox, Path.Combine(root, "bin", "busybox"), overwrite: true);
        var init = Path.Combine(root, "init");
        await File.WriteAllTextAsync(init, "#!/bin/busybox sh\n/bin/busybox reboot -f\n").ConfigureAwait(false);
        File.SetUnixFileMode(init, (UnixFileMode)0b111_101_101);
        var image = Path.Combine(work, "initramfs.cpio.gz");
        var (code, text) = await HostCommand.RunAsync("sh", ["-c", $"cd '{root}' && find . | cpio -o -H newc --quiet | gzip -1 > '{image}'"]).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException("could not build the QEMU baseline's initramfs: " + text.Trim());
        }

        var kvm = Virtualization.Detect().StartsWith("KVM usable", StringComparison.Ordinal);
        var accelerator = kvm ? "kvm" : "tcg";
        return (
            [
                "-M", "microvm,x-option-roms=off,rtc=on", "-accel", accelerator, "-cpu", kvm ? "host" : "max", "-m", "256",
                "-nographic", "-no-reboot", "-nodefaults", "-serial", "stdio",
                "-kernel", kernel, "-initrd", image,
                "-append", kvm ? "console=ttyS0 reboot=t panic=-1 quiet" : $"console=ttyS0 reboot=t panic=-1 quiet {HostTsc.KernelArgument}",
            ],
            kvm ? "KVM" : string.Create(CultureInfo.InvariantCulture, $"TCG ({Virtualization.Detect()})"));
    }
}
