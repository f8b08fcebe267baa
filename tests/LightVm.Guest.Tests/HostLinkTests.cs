namespace LightVm.Guest.Tests;

public sealed class HostLinkTests
{
    [Fact]
    public void WaitForGo_LineWritten_ReturnsTrue()
    {
        var link = new HostLink(new StringReader("go\n"));

        Assert.True(link.WaitForGo());
    }

    [Fact]
    public void WaitForGo_InputEndsFirst_ReturnsFalse()
    {
        var link = new HostLink(new StringReader(string.Empty));

        Assert.False(link.WaitForGo());
    }

    [Fact]
    public async Task WatchForHostExit_InputEnds_CallsBack()
    {
        var link = new HostLink(new StringReader("go\nmore\n"));
        Assert.True(link.WaitForGo());
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        link.WatchForHostExit(() => gone.TrySetResult());

        await gone.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WatchForHostExit_BrokenPipe_CallsBack()
    {
        var link = new HostLink(new BrokenReader());
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        link.WatchForHostExit(() => gone.TrySetResult());

        await gone.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void AnnounceWaiting_PathGiven_CreatesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lightvm-waiting-{Guid.NewGuid():n}");
        try
        {
            HostLink.AnnounceWaiting(path);

            Assert.True(File.Exists(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AnnounceWaiting_DirectoryMissing_DoesNotThrow()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lightvm-missing-{Guid.NewGuid():n}", "waiting");

        HostLink.AnnounceWaiting(path);

        Assert.False(File.Exists(path));
    }
}
