using System.Runtime.Versioning;
using LightVm.Devd;
using LightVm.Devd.Network;
using LightVm.Testing;
using LightVm.Toolstack.Drivers.Qemu;
using LightVm.Policies.Pages;
using LightVm.Toolstack.Launching;
using Microsoft.Extensions.Logging.Abstractions;

namespace LightVm.Toolstack.Tests.Drivers.Qemu;

/// <summary>
/// The Tinyx images of unikernels/ (ops/build-images.sh) on the qemu driver, as they are: the image folder is the
/// shell's image, so QEMU boots the image's own bzImage and initramfs (its /init, its app.json); then a real
/// client talks to the app. Needs root, /dev/net/tun, QEMU and the built images (missing images fail, saying how
/// to build them).
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(VmDriverCollection.Name)]
public sealed class TinyxImageBootTests : IAsyncLifetime
{
    private readonly string _bridge = "lvx" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _state = Directory.CreateTempSubdirectory("lightvm-tinyx-qemu-").FullName;
    private GuestNetwork? _network;
    private QemuDriver? _driver;

    public static TheoryData<string, int> Images => TinyxImageClient.Images;

    public Task InitializeAsync()
    {
        var options = new QemuDriverOptions
        {
            StateDirectory = Path.Combine(_state, "qemu"),
            BootTimeout = TimeSpan.FromMinutes(2), // TCG on a shared 2-core machine
        };
        _network = TestGuestNetwork.Create(_bridge, $"10.82.{Random.Shared.Next(1, 250)}.0/24");
        _driver = new QemuDriver(options, _network, TimeProvider.System, NullLogger<QemuDriver>.Instance);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        using (var ip = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ip", ["link", "del", _bridge]) { RedirectStandardError = true }))
        {
            ip?.WaitForExit();
        }

        Directory.Delete(_state, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task ExecuteAsync_TinyxImageFolder_BootsItsKernelAndAnswersARealClient(string name, int port)
    {
        var driver = _driver!;
        var image = RepoPaths.TinyxImage(name);
        var spec = new ShellSpec { Service = name, Driver = driver.Name, Image = image, Port = port };

        var shell = (QemuShell)await driver.PrepareAsync(spec, CancellationToken.None);
        try
        {
            var page = DevicePageFactory.Create(shell.Id, shell.Spec.Service, GuestNic.For(shell), TestPolicies.Make(name, driver.Name, image, port: port));
            await driver.ExecuteAsync(shell, page, CancellationToken.None);
            await ReadinessProbe.WaitAsync(shell, TimeSpan.FromSeconds(60), TimeProvider.System, CancellationToken.None);

            Assert.Equal(Path.Combine(image, "bzImage"), shell.Machine.Kernel);
            Assert.Equal(Path.Combine(image, "initramfs.cpio.gz"), shell.Machine.Initramfs);
            await TinyxImageClient.AssertAnswersAsync(name, shell);
        }
        finally
        {
            await driver.DestroyAsync(shell, CancellationToken.None);
        }

        Assert.Equal(0, _network!.Addresses.InUse);
    }
}
