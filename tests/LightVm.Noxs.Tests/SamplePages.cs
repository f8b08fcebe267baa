using System.Net;

namespace LightVm.Noxs.Tests;

/// <summary>Device pages shared by the tests.</summary>
internal static class SamplePages
{
    public static readonly Guid GuestId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    public static DevicePage Full(bool withGateway = true) => new()
    {
        Generation = 42,
        GuestId = GuestId,
        Service = "hello-api",
        Nic = new NicDevice
        {
            Mac = [0x02, 0x00, 0x0a, 0x00, 0x00, 0x07],
            Address = IPAddress.Parse("10.0.0.7"),
            PrefixLength = 24,
            Gateway = withGateway ? IPAddress.Parse("10.0.0.1") : null,
        },
        Console = new ConsoleDevice("/var/log/lightvm/hello-api-7.log"),
        Sysctl = SysctlRequest.Suspend,
        Config = new Dictionary<string, string>
        {
            ["port"] = "8080",
            ["greeting"] = "héllo = world",
            ["empty"] = string.Empty,
        },
    };

    public static DevicePage Minimal() => new()
    {
        Generation = 1,
        GuestId = GuestId,
        Service = "s",
    };

    public static void AssertSame(DevicePage expected, DevicePage actual)
    {
        Assert.Equal(expected.Generation, actual.Generation);
        Assert.Equal(expected.GuestId, actual.GuestId);
        Assert.Equal(expected.Service, actual.Service);
        Assert.Equal(expected.Nic, actual.Nic);
        Assert.Equal(expected.Console, actual.Console);
        Assert.Equal(expected.Sysctl, actual.Sysctl);
        Assert.Equal(
            expected.Config.OrderBy(p => p.Key, StringComparer.Ordinal),
            actual.Config.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
