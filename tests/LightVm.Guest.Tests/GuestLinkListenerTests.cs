using LightVm.Noxs;

namespace LightVm.Guest.Tests;

public sealed class GuestLinkListenerTests
{
    [Fact]
    public void WaitForGo_LineWritten_ReturnsTrue()
    {
        var link = new GuestLinkListener(new StringReader("go\n"));

        Assert.True(link.WaitForGo());
    }

    [Fact]
    public void WaitForGo_WithAnnounceWriter_SaysItWaitsBeforeReading()
    {
        var announce = new StringWriter();
        var link = new GuestLinkListener(new StringReader("go\n"), announce);

        Assert.True(link.WaitForGo());
        Assert.Equal(GuestLink.WaitingLine + Environment.NewLine, announce.ToString());
    }

    [Fact]
    public void WaitForGo_InputEndsFirst_ReturnsFalse()
    {
        var link = new GuestLinkListener(new StringReader(string.Empty));

        Assert.False(link.WaitForGo());
    }

    [Fact]
    public async Task WatchForHostExit_InputEnds_CallsBack()
    {
        var link = new GuestLinkListener(new StringReader("go\nmore\n"));
        Assert.True(link.WaitForGo());
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        link.WatchForHostExit(() => gone.TrySetResult());

        await gone.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WatchForHostExit_BrokenPipe_CallsBack()
    {
        var link = new GuestLinkListener(new BrokenReader());
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        link.WatchForHostExit(() => gone.TrySetResult());

        await gone.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
