using LightVm.Noxs;

namespace LightVm.Guest.Tests;

public sealed class DevicePageWatcherTests
{
    private static readonly TimeSpan Limit = PageEvents.Limit;

    [Fact]
    public async Task Changed_NewerGenerationWritten_RaisesItAndMakesItCurrent()
    {
        using var directory = new PageDirectory();
        var first = directory.Write(1);
        using var watcher = new DevicePageWatcher(directory.PagePath, first, new LogSink());
        var raised = new TaskCompletionSource<DevicePage>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Changed += page => raised.TrySetResult(page);
        watcher.Start();

        directory.Write(2);

        var page = await raised.Task.WaitAsync(Limit);
        Assert.Equal(2UL, page.Generation);
        Assert.Equal(2UL, watcher.Current.Generation);
    }

    [Fact]
    public async Task Changed_SeveralNewerGenerations_RaisedInOrder()
    {
        using var directory = new PageDirectory();
        using var watcher = new DevicePageWatcher(directory.PagePath, directory.Write(1), new LogSink());
        var events = new PageEvents();
        watcher.Changed += events.Record;
        watcher.Start();

        directory.Write(2);
        Assert.Equal(2UL, (await events.NextAsync()).Generation);
        directory.Write(3);
        Assert.Equal(3UL, (await events.NextAsync()).Generation);
    }

    [Fact]
    public async Task Changed_SameOrOlderGeneration_IgnoredAndOlderLoggedOnce()
    {
        using var directory = new PageDirectory();
        var log = new LogSink();
        using var watcher = new DevicePageWatcher(directory.PagePath, directory.Write(5), log);
        var events = new PageEvents();
        watcher.Changed += events.Record;
        watcher.Start();

        directory.Write(5);
        directory.Write(3);
        await log.WaitForLineAsync("generation 3 is older than the current 5", Limit);
        Assert.Equal(5UL, watcher.Current.Generation);
        directory.Write(6); // The next page the watcher raises must be this one: 5 and 3 were not raised.

        Assert.Equal(6UL, (await events.NextAsync()).Generation);
        Assert.False(events.HasMore);
        Assert.Single(log.Lines, l => l.Contains("generation 3", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains("generation 5 is", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changed_CorruptPage_KeepsCurrentAndLogsOnce()
    {
        using var directory = new PageDirectory();
        var log = new LogSink();
        using var watcher = new DevicePageWatcher(directory.PagePath, directory.Write(1), log);
        var events = new PageEvents();
        watcher.Changed += events.Record;
        watcher.Start();

        directory.WriteCorrupt();

        var line = await log.WaitForLineAsync("ignored", Limit);
        Assert.Contains("Not a device page", line, StringComparison.Ordinal);
        Assert.Contains("keeping generation 1", line, StringComparison.Ordinal);
        Assert.Equal(1UL, watcher.Current.Generation);
        Assert.False(events.HasMore);

        directory.Write(2);
        Assert.Equal(2UL, (await events.NextAsync()).Generation);
        Assert.Single(log.Lines, l => l.Contains("ignored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Poll_WithoutFileEvents_SeesNewerGeneration()
    {
        using var directory = new PageDirectory();
        using var watcher = new DevicePageWatcher(
            directory.PagePath, directory.Write(1), TimeSpan.FromMilliseconds(50), useFileEvents: false, new LogSink());
        var events = new PageEvents();
        watcher.Changed += events.Record;
        watcher.Start();

        directory.Write(2);

        Assert.Equal(2UL, (await events.NextAsync()).Generation);
        Assert.Equal(2UL, watcher.Current.Generation);
    }

    [Fact]
    public async Task Start_PageAlreadyNewerThanCurrent_RaisesIt()
    {
        using var directory = new PageDirectory();
        var first = directory.Write(1);
        directory.Write(2); // Written after the guest read generation 1 but before it started watching.
        using var watcher = new DevicePageWatcher(directory.PagePath, first, new LogSink());
        var events = new PageEvents();
        watcher.Changed += events.Record;

        watcher.Start();

        Assert.Equal(2UL, (await events.NextAsync()).Generation);
    }

    [Fact]
    public async Task Changed_HandlerThrows_LoggedAndOtherHandlersAndLaterPagesStillServed()
    {
        using var directory = new PageDirectory();
        var log = new LogSink();
        using var watcher = new DevicePageWatcher(directory.PagePath, directory.Write(1), log);
        var events = new PageEvents();
        watcher.Changed += _ => throw new InvalidOperationException("handler broke");
        watcher.Changed += events.Record;
        watcher.Start();

        directory.Write(2);
        Assert.Equal(2UL, (await events.NextAsync()).Generation);
        directory.Write(3);
        Assert.Equal(3UL, (await events.NextAsync()).Generation);

        Assert.Contains(log.Lines, l => l.Contains("handler broke", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_PathOnly_ReadsTheCurrentPage()
    {
        using var directory = new PageDirectory();
        directory.Write(7);

        using var watcher = new DevicePageWatcher(directory.PagePath);

        Assert.Equal(7UL, watcher.Current.Generation);
        Assert.Equal(directory.PagePath, watcher.PagePath);
    }

    [Fact]
    public void Start_DirectoryMissing_SaysSoAndDoesNotThrow()
    {
        var log = new LogSink();
        var missing = Path.Combine(Path.GetTempPath(), "lightvm-guest-test-missing-" + Guid.NewGuid().ToString("N"), "page");
        using var watcher = new DevicePageWatcher(missing, PageDirectory.Page(1), TimeSpan.FromSeconds(2), useFileEvents: true, log);

        watcher.Start();

        Assert.Contains(log.Lines, l => l.Contains("cannot watch", StringComparison.Ordinal));
        Assert.Equal(1UL, watcher.Current.Generation);
    }

    [Fact]
    public void Start_FileEventsWork_PollsOnlyAsASlowSafetyNet()
    {
        using var directory = new PageDirectory();
        using var watcher = new DevicePageWatcher(directory.PagePath, directory.Write(1), TimeSpan.FromSeconds(2), useFileEvents: true, new LogSink());

        watcher.Start();

        Assert.Equal(DevicePageWatcher.EventBackedPollInterval, watcher.PollInterval);
    }

    [Fact]
    public void Start_DirectoryMissing_PollsAtTheShortInterval()
    {
        var missing = Path.Combine(Path.GetTempPath(), "lightvm-guest-test-missing-" + Guid.NewGuid().ToString("N"), "page");
        using var watcher = new DevicePageWatcher(missing, PageDirectory.Page(1), TimeSpan.FromSeconds(2), useFileEvents: true, new LogSink());

        watcher.Start();

        Assert.Equal(TimeSpan.FromSeconds(2), watcher.PollInterval);
    }

    [Fact]
    public void Start_AfterDispose_Throws()
    {
        using var directory = new PageDirectory();
        var watcher = new DevicePageWatcher(directory.PagePath, directory.Write(1), new LogSink());
        watcher.Dispose();

        Assert.Throws<ObjectDisposedException>(watcher.Start);
    }
}
