using LightVm.Noxs;

namespace LightVm.Guest.Tests;

/// <summary>A temporary directory holding one device page file, <c>page</c>, written the way the host writes it.</summary>
public sealed class PageDirectory : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("lightvm-guest-test-");

    public string PagePath => Path.Combine(_directory.FullName, "page");

    /// <summary>Writes a page as the host does: temporary file, mode 0444, rename over <c>page</c>.</summary>
    public DevicePage Write(ulong generation, SysctlRequest sysctl = SysctlRequest.None)
    {
        var page = Page(generation, sysctl);
        DevicePageWriter.WriteFile(PagePath, page);
        return page;
    }

    /// <summary>Replaces the page, atomically too, with bytes that are not a device page.</summary>
    public void WriteCorrupt()
    {
        var temporary = PagePath + ".tmp";
        File.WriteAllBytes(temporary, "this is not a device page, only some bytes"u8.ToArray());
        File.Move(temporary, PagePath, overwrite: true);
    }

    public static DevicePage Page(ulong generation, SysctlRequest sysctl = SysctlRequest.None) => new()
    {
        Generation = generation,
        GuestId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        Service = "hello",
        Sysctl = sysctl,
        Config = new Dictionary<string, string> { [PageKeys.Port] = "8080" },
    };

    public void Dispose() => _directory.Delete(recursive: true);
}
