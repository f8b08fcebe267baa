using LightVm.Noxs;

namespace LightVm.Guest.Tests;

public sealed class SysctlHandlerTests
{
    [Fact]
    public async Task Changed_NewerPageWithPoweroff_CallsPoweroffWithThatPage()
    {
        using var directory = new PageDirectory();
        using var watcher = new DevicePageWatcher(directory.PagePath, directory.Write(1), new LogSink());
        var poweroff = new TaskCompletionSource<DevicePage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var handler = new SysctlHandler(watcher, page => poweroff.TrySetResult(page), new LogSink());
        watcher.Start();

        directory.Write(2, SysctlRequest.Poweroff);

        var asked = await poweroff.Task.WaitAsync(PageEvents.Limit);
        Assert.Equal(2UL, asked.Generation);
    }

    [Fact]
    public async Task Changed_NewerPageWithNone_DoesNotCallPoweroff()
    {
        using var directory = new PageDirectory();
        using var watcher = new DevicePageWatcher(directory.PagePath, directory.Write(1), new LogSink());
        var calls = new PageEvents();
        using var handler = new SysctlHandler(watcher, calls.Record, new LogSink());
        var events = new PageEvents();
        watcher.Changed += events.Record;
        watcher.Start();

        directory.Write(2, SysctlRequest.None);
        Assert.Equal(2UL, (await events.NextAsync()).Generation);
        directory.Write(3, SysctlRequest.Poweroff);
        Assert.Equal(3UL, (await events.NextAsync()).Generation);

        // Handlers run in subscription order on one thread: by now both pages went through the sysctl handler.
        Assert.Equal(3UL, (await calls.NextAsync()).Generation);
        Assert.False(calls.HasMore);
    }

    [Fact]
    public void Handle_None_DoesNothing()
    {
        var (handler, calls, log) = Detached();

        handler.Handle(PageDirectory.Page(2, SysctlRequest.None));

        Assert.Equal(0, calls.Count);
        Assert.Empty(log.Lines);
    }

    [Fact]
    public void Handle_PoweroffTwice_CallsPoweroffOnce()
    {
        var (handler, calls, _) = Detached();

        handler.Handle(PageDirectory.Page(2, SysctlRequest.Poweroff));
        handler.Handle(PageDirectory.Page(3, SysctlRequest.Poweroff));

        Assert.Equal(1, calls.Count);
    }

    [Fact]
    public void Handle_Suspend_NotesItAndDoesNotPowerOff()
    {
        var (handler, calls, log) = Detached();

        handler.Handle(PageDirectory.Page(2, SysctlRequest.Suspend));

        Assert.Equal(0, calls.Count);
        Assert.Equal(["suspend requested: not supported by this guest, ignored"], log.Lines);
    }

    [Fact]
    public void Handle_UnknownWord_NotesItAndDoesNotPowerOff()
    {
        var (handler, calls, log) = Detached();

        handler.Handle(PageDirectory.Page(2, (SysctlRequest)42));

        Assert.Equal(0, calls.Count);
        Assert.Contains("sysctl request 42", Assert.Single(log.Lines), StringComparison.Ordinal);
    }

    /// <summary>A handler on a watcher that is never started: pages are handed to it directly.</summary>
    private static (SysctlHandler Handler, CallCounter Calls, LogSink Log) Detached()
    {
        var watcher = new DevicePageWatcher("/nonexistent/page", PageDirectory.Page(1), new LogSink());
        var calls = new CallCounter();
        var log = new LogSink();
        return (new SysctlHandler(watcher, _ => calls.Increment(), log), calls, log);
    }
}
