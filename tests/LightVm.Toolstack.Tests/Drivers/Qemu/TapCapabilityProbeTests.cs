using LightVm.Toolstack.Drivers.Qemu;

namespace LightVm.Toolstack.Tests.Drivers.Qemu;

public sealed class TapCapabilityProbeTests : IDisposable
{
    private const string Root = "Name:\tdotnet\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n";
    private const string User = "Name:\tdotnet\nCapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n";
    private const string NetAdminOnly = "CapEff:\t0000000000001000\n";
    private readonly string _directory = Directory.CreateTempSubdirectory("lightvm-tapprobe-").FullName;

    [Theory]
    [InlineData(Root, true)]
    [InlineData(NetAdminOnly, true)]
    [InlineData(User, false)]
    [InlineData("Name:\tdotnet\n", false)]
    public void HasNetAdmin_StatusText_ReadsTheEffectiveSet(string status, bool expected)
    {
        Assert.Equal(expected, TapCapabilityProbe.HasNetAdmin(status));
    }

    [Fact]
    public void Probe_NoNetAdmin_NotUsableSayingSo()
    {
        var result = TapCapabilityProbe.Probe(Write("status", User), "/dev/net/tun");

        Assert.False(result.Usable);
        Assert.Contains("no CAP_NET_ADMIN", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_NetAdminButNoTunDevice_NotUsableNamingTheDevice()
    {
        var missing = Path.Combine(_directory, "tun");

        var result = TapCapabilityProbe.Probe(Write("status", Root), missing);

        Assert.False(result.Usable);
        Assert.Contains(missing, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_NetAdminAndAnOpenableDevice_Usable()
    {
        var result = TapCapabilityProbe.Probe(Write("status", NetAdminOnly), Write("tun", string.Empty));

        Assert.True(result.Usable, result.Reason);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
