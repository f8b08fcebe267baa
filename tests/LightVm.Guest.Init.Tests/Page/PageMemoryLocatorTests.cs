using LightVm.Guest.Init.Page;

namespace LightVm.Guest.Init.Tests.Page;

public sealed class PageMemoryLocatorTests
{
    [Theory]
    [InlineData("console=ttyS0 lightvm.page=/dev/x quiet", "/dev/x")]
    [InlineData("console=ttyS0 quiet", null)]
    [InlineData("lightvm.page=", null)]
    public void FromCommandLine_Words_FindsThePagePath(string commandLine, string? expected)
    {
        Assert.Equal(expected, PageMemoryLocator.FromCommandLine(commandLine));
    }

    [Fact]
    public void FindIvshmem_SysfsWithIvshmemDevice_ReturnsItsResource2()
    {
        var root = Directory.CreateTempSubdirectory("pci");
        try
        {
            AddDevice(root.FullName, "0000:00:01.0", "0x1af4", "0x1000");
            var expected = AddDevice(root.FullName, "0000:00:02.0", "0x1af4", "0x1110");

            Assert.Equal(expected, PageMemoryLocator.FindIvshmem(root.FullName));
        }
        finally
        {
            root.Delete(true);
        }
    }

    [Fact]
    public void FindIvshmem_NoSuchDevice_ReturnsNull()
    {
        var root = Directory.CreateTempSubdirectory("pci");
        try
        {
            AddDevice(root.FullName, "0000:00:01.0", "0x8086", "0x1110");

            Assert.Null(PageMemoryLocator.FindIvshmem(root.FullName));
        }
        finally
        {
            root.Delete(true);
        }
    }

    private static string AddDevice(string root, string name, string vendor, string device)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "vendor"), vendor + "\n");
        File.WriteAllText(Path.Combine(dir, "device"), device + "\n");
        var resource = Path.Combine(dir, "resource2");
        File.WriteAllBytes(resource, new byte[16]);
        return resource;
    }
}
