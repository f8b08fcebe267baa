using LightVm.Guest.Hosting;
using LightVm.Noxs;

namespace LightVm.Guest.Tests.Hosting;

public sealed class GuestHostTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RunAsync_BadArguments_ExitsCannotStartBeforeWarmingUp()
    {
        var app = new TestApp();

        var code = await GuestHost.RunAsync(app, ["--nonsense"], "/page", () => throw new InvalidOperationException("no link expected"));

        Assert.Equal(GuestHost.ExitCannotStart, code);
        Assert.Equal(0, app.Prewarms);
    }

    [Fact]
    public async Task RunAsync_HostGoneBeforeGo_ExitsHostGoneAfterWarmingUp()
    {
        var app = new TestApp();
        var announce = new StringWriter();

        var code = await GuestHost.RunAsync(app, [], "/page", () => new GuestLinkListener(new StringReader(string.Empty), announce));

        Assert.Equal(GuestHost.ExitHostGone, code);
        Assert.Equal(1, app.Prewarms);
        Assert.Equal(GuestLink.WaitingLine + Environment.NewLine, announce.ToString());
        Assert.Null(app.Started);
    }

    [Fact]
    public async Task RunAsync_NoPageAfterGo_ExitsCannotStart()
    {
        using var directory = new PageDirectory();
        var app = new TestApp();

        var code = await GuestHost.RunAsync(app, ["--page", directory.PagePath], null, () => new GuestLinkListener(new GoThenHoldReader()));

        Assert.Equal(GuestHost.ExitCannotStart, code);
        Assert.Null(app.Started);
    }

    [Fact]
    public async Task RunAsync_NewerPageThenPoweroff_TellsTheAppThenExitsPoweroff()
    {
        using var directory = new PageDirectory();
        directory.Write(1);
        var app = new TestApp();

        var running = GuestHost.RunAsync(app, ["--page", directory.PagePath], null, () => new GuestLinkListener(new GoThenHoldReader()));
        await WaitUntilAsync(() => app.Started is not null);
        directory.Write(2);
        var changed = await app.Changed.Task.WaitAsync(Limit);
        directory.Write(3, SysctlRequest.Poweroff);

        Assert.Equal(GuestHost.ExitPoweroff, await running.WaitAsync(Limit));
        Assert.Equal(1UL, app.Started!.Generation);
        Assert.Equal(2UL, changed.Generation);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
