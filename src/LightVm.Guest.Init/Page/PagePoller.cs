using LightVm.Noxs;

namespace LightVm.Guest.Init.Page;

/// <summary>
/// Reads the device page memory until it holds a page newer than the last one taken. A page that does not
/// parse (all zeros before the host wrote it, or a write caught half-way: the CRC fails) is not a page yet.
/// Waiting is a doorbell plus a poll: the host rings (a line on the console) right after it wrote the page,
/// and the poll interval bounds the wait when a ring is missed.
/// </summary>
public sealed class PagePoller
{
    private readonly IPageMemory _memory;
    private readonly Func<TimeSpan, bool> _waitForRing;
    private readonly byte[] _buffer = new byte[DevicePageLayout.MaxPageSize];

    /// <param name="memory">The page memory.</param>
    /// <param name="waitForRing">Blocks up to the given time for the host's doorbell; true when it rang.</param>
    public PagePoller(IPageMemory memory, Func<TimeSpan, bool> waitForRing)
    {
        _memory = memory;
        _waitForRing = waitForRing;
    }

    /// <summary>The newest valid page, or null when the memory holds none (or only an older generation).</summary>
    public DevicePage? TryRead(ulong newerThan)
    {
        var count = _memory.Read(_buffer);
        try
        {
            var page = DevicePageReader.Read(_buffer.AsSpan(0, count));
            return page.Generation > newerThan ? page : null;
        }
        catch (DevicePageFormatException)
        {
            return null;
        }
    }

    /// <summary>Blocks until a page newer than <paramref name="newerThan"/> is there, or the token is cancelled.</summary>
    public DevicePage WaitForNewer(ulong newerThan, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = TryRead(newerThan);
            if (page is not null)
            {
                return page;
            }

            _waitForRing(pollInterval);
        }
    }
}
