namespace LightVm.LoadTesting.Machine;

/// <summary>
/// Whether QEMU can use KVM here or must use TCG: /dev/kvm must exist and open, and the CPU must advertise
/// hardware virtualization (vmx or svm). A /dev/kvm without those flags (PVM hosts) cannot boot an ordinary
/// kernel, so it counts as TCG. Detected, never assumed.
/// </summary>
public static class Virtualization
{
    public static string Detect(string cpuinfoPath = "/proc/cpuinfo", string kvmPath = "/dev/kvm")
    {
        var flags = File.Exists(cpuinfoPath)
            ? File.ReadLines(cpuinfoPath).FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []
            : [];
        var hardware = flags.Contains("vmx") ? "vmx" : flags.Contains("svm") ? "svm" : null;
        var kvm = OpenKvm(kvmPath);
        return (kvm, hardware) switch
        {
            (null, { } hw) => $"KVM usable (/dev/kvm opens, CPU has {hw})",
            (null, null) => "TCG: /dev/kvm opens but the CPU has neither vmx nor svm (e.g. PVM); an ordinary kernel does not boot on it",
            ({ } why, _) => $"TCG: {why}",
        };
    }

    private static string? OpenKvm(string path)
    {
        if (!File.Exists(path))
        {
            return $"{path} does not exist";
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{path} cannot be opened ({e.Message})";
        }
    }
}
