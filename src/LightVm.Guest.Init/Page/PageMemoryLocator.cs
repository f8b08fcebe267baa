using LightVm.Noxs;

namespace LightVm.Guest.Init.Page;

/// <summary>
/// Finds the device page memory: <c>lightvm.page=PATH</c> on the kernel command line first (tests, other
/// platforms), then UML's <c>/dev/mmapper</c>, then QEMU's ivshmem device (PCI 1af4:1110, BAR 2).
/// </summary>
public static class PageMemoryLocator
{
    public const string CommandLineKey = "lightvm.page=";
    public const string MmapperPath = "/dev/mmapper";
    private const string IvshmemVendor = "0x1af4";
    private const string IvshmemDevice = "0x1110";

    public static IPageMemory Locate(string kernelCommandLine, string sysPciDevices = "/sys/bus/pci/devices")
    {
        var explicitPath = FromCommandLine(kernelCommandLine);
        if (explicitPath is not null)
        {
            return FilePageMemory.Open(explicitPath);
        }

        if (File.Exists(MmapperPath))
        {
            return FilePageMemory.Open(MmapperPath);
        }

        var ivshmem = FindIvshmem(sysPciDevices);
        if (ivshmem is not null)
        {
            EnableDevice(Path.GetDirectoryName(ivshmem)!);
            return MappedPageMemory.Map(ivshmem, DevicePageLayout.MaxPageSize);
        }

        throw new InitException($"no device page memory: no {CommandLineKey} on the kernel command line, no {MmapperPath}, no ivshmem PCI device");
    }

    /// <summary>The value of <c>lightvm.page=</c> in a kernel command line, or null.</summary>
    public static string? FromCommandLine(string commandLine)
    {
        foreach (var word in commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (word.StartsWith(CommandLineKey, StringComparison.Ordinal) && word.Length > CommandLineKey.Length)
            {
                return word[CommandLineKey.Length..];
            }
        }

        return null;
    }

    /// <summary>The <c>resource2</c> file of the first ivshmem device under <paramref name="sysPciDevices"/>, or null.</summary>
    public static string? FindIvshmem(string sysPciDevices)
    {
        if (!Directory.Exists(sysPciDevices))
        {
            return null;
        }

        foreach (var device in Directory.GetDirectories(sysPciDevices).Order(StringComparer.Ordinal))
        {
            var vendor = ReadTrimmed(Path.Combine(device, "vendor"));
            var id = ReadTrimmed(Path.Combine(device, "device"));
            var resource = Path.Combine(device, "resource2");
            if (vendor == IvshmemVendor && id == IvshmemDevice && File.Exists(resource))
            {
                return resource;
            }
        }

        return null;
    }

    /// <summary>
    /// Turns on the device's memory decoding (sysfs <c>enable</c>): without firmware (QEMU microvm) no one else does,
    /// and a BAR mapped from a disabled device reads as nothing.
    /// </summary>
    private static void EnableDevice(string device)
    {
        var enable = Path.Combine(device, "enable");
        try
        {
            if (ReadTrimmed(enable) != "1")
            {
                File.WriteAllText(enable, "1");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InitException($"cannot enable the ivshmem device {device}: {e.Message}");
        }
    }

    private static string? ReadTrimmed(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
