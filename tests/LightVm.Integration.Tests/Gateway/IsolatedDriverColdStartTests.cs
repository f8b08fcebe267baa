using System.Net;

namespace LightVm.Integration.Tests.Gateway;

/// <summary>
/// The platform end to end on the isolating drivers: containers (runc) and user-mode Linux VMs, each guest with its
/// own network namespace or kernel and its own NIC on the bridge.
/// </summary>
public sealed class IsolatedDriverColdStartTests
{
    [Theory]
    [InlineData("oci")]
    [InlineData("oci-start")]
    [InlineData("uml")]
    public async Task Get_IsolatedService_ColdThenWarmThenPausedAndResumed(string driver)
    {
        await using var platform = await TestPlatform.StartAsync(new TestPolicy("web") { Driver = driver, PauseAfter = "1s", StartTimeout = "20s" });

        using var cold = await platform.GetAsync("web", "/isolated");
        Assert.True(cold.StatusCode == HttpStatusCode.OK, $"{cold.StatusCode}: {await cold.Content.ReadAsStringAsync()}");
        Assert.Equal("cold", Assert.Single(cold.Headers.GetValues("X-LightVm-Activation")));
        var guestId = Assert.Single(cold.Headers.GetValues("X-LightVm-Guest"));
        var guest = Assert.Single(await platform.WaitForGuestsAsync(g => g.Count > 0, TimeSpan.FromSeconds(10)));
        Assert.Equal(driver, guest.Driver);
        Assert.StartsWith("http://10.77.", guest.Endpoint!.ToString(), StringComparison.Ordinal);

        await platform.WaitForGuestsAsync(g => g.Count == 1 && g[0].State == "Paused", TimeSpan.FromSeconds(15));
        using var resumed = await platform.GetAsync("web");

        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(guestId, Assert.Single(resumed.Headers.GetValues("X-LightVm-Guest")));
        Assert.Equal("resumed", Assert.Single(resumed.Headers.GetValues("X-LightVm-Activation")));
    }
}
