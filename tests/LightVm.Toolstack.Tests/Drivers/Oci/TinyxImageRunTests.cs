using System.Runtime.Versioning;
using LightVm.Devd;
using LightVm.Devd.Network;
using LightVm.Testing;
using LightVm.Toolstack.Drivers.Oci;
using LightVm.Policies.Pages;
using LightVm.Toolstack.Launching;
using Microsoft.Extensions.Logging.Abstractions;

namespace LightVm.Toolstack.Tests.Drivers.Oci;

/// <summary>
/// The Tinyx images of unikernels/ (ops/build-images.sh) on the pre-booted oci driver: the image folder is the
/// shell's image, runc runs its rootfs/ read-only with the command, environment and noxs flag of its manifest;
/// then a real client talks to the app. Needs root, runc and the built images (missing images fail, saying how to
/// build them).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class TinyxImageRunTests : IAsyncLifetime
{
    private readonly string _bridge = "lvy" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _state = Directory.CreateTempSubdirectory("lightvm-tinyx-oci-").FullName;
    private OciDriverOptions _options = new();
    private GuestNetwork? _network;
    private OciDriver? _driver;

    public static TheoryData<string, int> Images => TinyxImageClient.Images;

    public Task InitializeAsync()
    {
        _options = new OciDriverOptions
        {
            StateDirectory = Path.Combine(_state, "oci"),
            RuncRoot = Path.Combine("/dev/shm", "lightvm-runc-test-" + _bridge),
            CgroupParent = "lightvm-test",
        };
        _network = TestGuestNetwork.Create(_bridge, $"10.83.{Random.Shared.Next(1, 250)}.0/24");
        _driver = new OciDriver(_options, preboot: true, _network, TimeProvider.System, NullLogger<OciDriver>.Instance);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        using (var ip = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ip", ["link", "del", _bridge]) { RedirectStandardError = true }))
        {
            ip?.WaitForExit();
        }

        if (Directory.Exists(_options.RuncRoot))
        {
            Directory.Delete(_options.RuncRoot, recursive: true);
        }

        Directory.Delete(_state, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task ExecuteAsync_TinyxImageFolder_RunsItsRootfsAndAnswersARealClient(string name, int port)
    {
        var driver = _driver!;
        var image = RepoPaths.TinyxImage(name);
        var spec = new ShellSpec { Service = name, Driver = driver.Name, Image = image, Port = port };

        var shell = (OciShell)await driver.PrepareAsync(spec, CancellationToken.None);
        try
        {
            var page = DevicePageFactory.Create(shell.Id, shell.Spec.Service, GuestNic.For(shell), TestPolicies.Make(name, driver.Name, image, port: port));
            await driver.ExecuteAsync(shell, page, CancellationToken.None);
            await ReadinessProbe.WaitAsync(shell, TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);

            await TinyxImageClient.AssertAnswersAsync(name, shell);
        }
        finally
        {
            await driver.DestroyAsync(shell, CancellationToken.None);
        }

        Assert.False(Directory.Exists(Path.Combine(image, "rootfs", "run", "lightvm")), "the shared image rootfs/ was written to");
        Assert.Equal(0, _network!.Addresses.InUse);
    }

    [Fact]
    public async Task PrepareAsync_PlainAppImage_DoesNotStartItBeforeItsPage()
    {
        var driver = _driver!;
        var image = RepoPaths.TinyxImage("daytime");

        var shell = (OciShell)await driver.PrepareAsync(new ShellSpec { Service = "daytime", Driver = driver.Name, Image = image, Port = 13 }, CancellationToken.None);
        try
        {
            Assert.False(shell.Started);
            Assert.False(shell.Noxs);
        }
        finally
        {
            await driver.DestroyAsync(shell, CancellationToken.None);
        }
    }
}
