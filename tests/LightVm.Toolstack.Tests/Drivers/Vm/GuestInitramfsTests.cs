using System.Text;
using System.Text.Json;
using LightVm.Tinyx.Archives;
using LightVm.Toolstack.Drivers.Vm;

namespace LightVm.Toolstack.Tests.Drivers.Vm;

public sealed class GuestInitramfsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lightvm-guest-initramfs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Resolve_BareBinary_ArchivesRootfsInitAndANoxsAppConfig()
    {
        var (spec, init) = BareBinary();

        var initramfs = GuestInitramfs.Resolve(spec, Path.Combine(_dir, "state"), init, "qemu");

        var entries = CpioNewcReader.ReadFile(initramfs).ToDictionary(e => e.Name, StringComparer.Ordinal);
        Assert.True(entries["init"].IsFile);
        Assert.Equal(File.ReadAllBytes(init), entries["init"].Data);
        Assert.True(entries["guest"].IsFile);
        Assert.True(entries["proc"].IsDirectory);
        Assert.All(entries.Values, e => Assert.Equal(0, e.Uid));
        using var app = JsonDocument.Parse(Encoding.UTF8.GetString(entries["lightvm/app.json"].Data));
        Assert.Equal(["/guest", "--flag"], app.RootElement.GetProperty("command").EnumerateArray().Select(a => a.GetString()));
        Assert.True(app.RootElement.GetProperty("noxs").GetBoolean());
    }

    [Fact]
    public void Resolve_SameImageTwice_BuildsOnceAndGivesTheSamePath()
    {
        var (spec, init) = BareBinary();
        var state = Path.Combine(_dir, "state");

        var first = GuestInitramfs.Resolve(spec, state, init, "uml");
        var written = File.GetLastWriteTimeUtc(first);
        var second = GuestInitramfs.Resolve(spec, state, init, "uml");

        Assert.Equal(first, second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second));
    }

    private (ShellSpec Spec, string Init) BareBinary()
    {
        var image = Path.Combine(_dir, "app");
        File.Copy("/bin/true", image);
        var init = Path.Combine(_dir, "init");
        File.WriteAllText(init, "#!/bin/sh\n");
        return (new ShellSpec { Service = "app", Driver = "qemu", Image = image, Port = 8080, Args = ["--flag"] }, init);
    }
}
