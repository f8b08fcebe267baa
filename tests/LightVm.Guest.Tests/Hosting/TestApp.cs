using System.Net;
using LightVm.Guest.Hosting;
using LightVm.Noxs;

namespace LightVm.Guest.Tests.Hosting;

/// <summary>A guest app for <see cref="GuestHost"/>'s tests: serves nothing on a loopback port, records what it was asked.</summary>
public sealed class TestApp : GuestApp
{
    public TestApp()
        : base("test-app")
    {
    }

    public int Prewarms { get; private set; }

    public DevicePage? Started { get; private set; }

    public TaskCompletionSource<DevicePage> Changed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Prewarm() => Prewarms++;

    public override IGuestServer Start(DevicePage page)
    {
        Started = page;
        return new TestServer(GuestHost.Listen(IPAddress.Loopback, 0, () => GuestListener.Open(IPAddress.Loopback, 0)));
    }

    public override void PageChanged(DevicePage page) => Changed.TrySetResult(page);
}
