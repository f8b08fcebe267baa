namespace LightVm.Noxs.Tests;

public sealed class GuestLinkTests
{
    [Fact]
    public void Lines_AreTheOnesHostsAndGuestsAgreeOn()
    {
        Assert.Equal("lightvm-guest: waiting for go", GuestLink.WaitingLine);
        Assert.Equal("go", GuestLink.Go);
        Assert.Equal("lightvm-init: waiting for device page", GuestLink.InitWaitingLine);
        Assert.StartsWith(GuestLink.InitPrefix, GuestLink.InitWaitingLine, StringComparison.Ordinal);
    }

    [Fact]
    public void PageKeys_AreDistinct()
    {
        string[] keys = [PageKeys.Port, PageKeys.Service, PageKeys.User, PageKeys.Rules, PageKeys.Hostname, PageKeys.Certificate, PageKeys.Key, PageKeys.Backend];

        Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
    }
}
