using System.Net;

namespace LightVm.Integration.Tests.Gateway;

/// <summary>
/// The platform end to end on the isolating drivers: containers (runc), user-mode Linux VMs and QEMU VMs (TCG
/// where KVM is not usable), each guest with its own network namespace or kernel and its own NIC on the bridge.
/// </summary>
public sealed class IsolatedDriverColdStartTests
{
    [Theory]
    [InlineData("oci", "native")]
    [InlineData("oci-start", "native")]
    [InlineData("uml", "uml")]
    [InlineData("qemu", "tcg|kvm")]
    public async Task Get_IsolatedService_ColdThenWarmThenPausedAndResumed(string driver, string accelerators)
    {
        // A cold QEMU guest under TCG boots its kernel on the request path: seconds on a busy 2-core host.
        var startTimeout = driver == "qemu" ? "90s" : "20s";
        await using var platform = await TestPlatform.StartAsync(new TestPolicy("web") { Driver = driver, PauseAfter = "1s", StartTimeout = startTimeout });

        using var cold = await platform.GetAsync("web", "/isolated");
        Assert.True(cold.StatusCode == HttpStatusCode.OK, $"{cold.StatusCode}: {await cold.Content.ReadAsStringAsync()}");
        Assert.Equal("cold", Assert.Single(cold.Headers.GetValues("X-LightVm-Activation")));
        var guestId = Assert.Single(cold.Headers.GetValues("X-LightVm-Guest"));
        var guest = Assert.Single(await platform.WaitForGuestsAsync(g => g.Count > 0, TimeSpan.FromSeconds(10)));
        Assert.Equal(driver, guest.Driver);
        Assert.StartsWith("http://10.77.", guest.Endpoint!.ToString(), StringComparison.Ordinal);
        Assert.Contains(guest.Accelerator, accelerators.Split('|'));

        await platform.WaitForGuestsAsync(g => g.Count == 1 && g[0].State == "Paused", TimeSpan.FromSeconds(15));
        using var resumed = await platform.GetAsync("web");

        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(guestId, Assert.Single(resumed.Headers.GetValues("X-LightVm-Guest")));
        Assert.Equal("resumed", Assert.Single(resumed.Headers.GetValues("X-LightVm-Activation")));
    }
}
