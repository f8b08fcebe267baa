using System.Threading.Channels;
using LightVm.Noxs;

namespace LightVm.Guest.Tests;

/// <summary>Records the pages a watcher raises, in order, for a test to take one at a time with a bounded wait.</summary>
public sealed class PageEvents
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private readonly Channel<DevicePage> _pages = Channel.CreateUnbounded<DevicePage>();

    public void Record(DevicePage page) => _pages.Writer.TryWrite(page);

    /// <summary>The next raised page; fails (rather than hang) when none comes within <see cref="Limit"/>.</summary>
    public async Task<DevicePage> NextAsync()
    {
        using var cancel = new CancellationTokenSource(Limit);
        try
        {
            return await _pages.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No page was raised within {Limit.TotalSeconds} s.");
        }
    }

    /// <summary>Whether a page was raised and not taken yet (no waiting).</summary>
    public bool HasMore => _pages.Reader.TryPeek(out _);
}
