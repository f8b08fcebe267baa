using System.Net;
using LightVm.Toolstack.Drivers.Qemu;

namespace LightVm.Toolstack.Tests.Drivers.Qemu;

public sealed class QemuCommandLineTests
{
    private static readonly IPEndPoint Forward = new(IPAddress.Parse("127.77.3.4"), 8080);

    [Fact]
    public void Build_UserNetwork_SlirpWithOneForwardToTheGuestOnTheSameNicAndMac()
    {
        var machine = Machine(QemuNetwork.User);

        var args = QemuCommandLine.Build(machine, "/tmp/qmp.sock", "/dev/shm/page", incoming: null, Forward);

        Assert.Equal(
            "user,id=net0,net=10.0.2.0/24,host=10.0.2.2,restrict=on,hostfwd=tcp:127.77.3.4:8080-10.0.2.15:8080",
            ValueAfter(args, "-netdev"));
        Assert.Contains($"virtio-net-device,netdev=net0,mac={machine.Mac}", args);
        Assert.DoesNotContain(args, a => a.Contains("fd=", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_UserNetworkUnrestricted_RestrictOff()
    {
        var args = QemuCommandLine.Build(Machine(QemuNetwork.User), "/tmp/qmp.sock", "/dev/shm/page", incoming: null, Forward, restrict: false);

        Assert.Contains("restrict=off,", ValueAfter(args, "-netdev"), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UserNetworkRestored_KeepsTheForwardAndWaitsForTheIncomingStream()
    {
        var args = QemuCommandLine.Build(Machine(QemuNetwork.User), "/tmp/qmp.sock", "/dev/shm/page", "exec:cat '/tmp/vm'", Forward);

        Assert.Contains("hostfwd=tcp:127.77.3.4:8080-10.0.2.15:8080", ValueAfter(args, "-netdev"), StringComparison.Ordinal);
        Assert.Equal("exec:cat '/tmp/vm'", ValueAfter(args, "-incoming"));
    }

    [Fact]
    public void Build_TapNetwork_NetdevIsTheTapDescriptor()
    {
        var args = QemuCommandLine.Build(Machine(QemuNetwork.Tap), "/tmp/qmp.sock", "/dev/shm/page", incoming: null);

        Assert.Equal("tap,id=net0,fd=3", ValueAfter(args, "-netdev"));
    }

    [Fact]
    public void Build_UserNetworkWithoutForward_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => QemuCommandLine.Build(Machine(QemuNetwork.User), "/tmp/qmp.sock", "/dev/shm/page", incoming: null));
    }

    private static QemuMachine Machine(QemuNetwork network) => new()
    {
        Kernel = "/boot/bzImage",
        Initramfs = "/tmp/initramfs.cpio.gz",
        MemoryMiB = 64,
        Accelerator = QemuAccelerator.Tcg,
        TbSizeMiB = 4,
        Mac = QemuCommandLine.Mac(Guid.Parse("0a0b0c0d-0e0f-1011-1213-141516171819")),
        Network = network,
    };

    private static string ValueAfter(IReadOnlyList<string> args, string flag)
    {
        var index = args.ToList().IndexOf(flag);
        Assert.True(index >= 0 && index + 1 < args.Count, $"no {flag} in the command line");
        return args[index + 1];
    }
}
