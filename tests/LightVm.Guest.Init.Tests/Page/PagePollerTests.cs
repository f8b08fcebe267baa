using LightVm.Guest.Init.Page;
using LightVm.Noxs;

namespace LightVm.Guest.Init.Tests.Page;

public sealed class PagePollerTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pagemem-{Guid.NewGuid():N}");

    public PagePollerTests()
    {
        File.WriteAllBytes(_file, new byte[DevicePageLayout.MaxPageSize]);
    }

    [Fact]
    public void TryRead_ZeroedMemory_ReturnsNull()
    {
        using var memory = FilePageMemory.Open(_file);

        Assert.Null(new PagePoller(memory, _ => false).TryRead(0));
    }

    [Fact]
    public void TryRead_PageWritten_ReturnsIt()
    {
        WritePage(3);
        using var memory = FilePageMemory.Open(_file);

        var page = new PagePoller(memory, _ => false).TryRead(0);

        Assert.NotNull(page);
        Assert.Equal(3ul, page.Generation);
        Assert.Equal("svc", page.Service);
    }

    [Fact]
    public void TryRead_SameGeneration_ReturnsNull()
    {
        WritePage(3);
        using var memory = FilePageMemory.Open(_file);

        Assert.Null(new PagePoller(memory, _ => false).TryRead(3));
    }

    [Fact]
    public void TryRead_TornWrite_ReturnsNull()
    {
        WritePage(2);
        var bytes = File.ReadAllBytes(_file);
        bytes[40] ^= 0xFF; // a body byte changed after the CRC was computed: a write caught half-way
        File.WriteAllBytes(_file, bytes);
        using var memory = FilePageMemory.Open(_file);

        Assert.Null(new PagePoller(memory, _ => false).TryRead(0));
    }

    [Fact]
    public void WaitForNewer_PageArrivesAfterRings_ReturnsIt()
    {
        using var memory = FilePageMemory.Open(_file);
        var rings = 0;
        var poller = new PagePoller(memory, _ =>
        {
            if (++rings == 3)
            {
                WritePage(1);
            }

            return true;
        });

        var page = poller.WaitForNewer(0, TimeSpan.FromMilliseconds(1), CancellationToken.None);

        Assert.Equal(1ul, page.Generation);
        Assert.Equal(3, rings);
    }

    [Fact]
    public void WaitForNewer_Cancelled_Throws()
    {
        using var memory = FilePageMemory.Open(_file);
        using var cts = new CancellationTokenSource();
        var poller = new PagePoller(memory, _ =>
        {
            cts.Cancel();
            return false;
        });

        Assert.Throws<OperationCanceledException>(() => poller.WaitForNewer(0, TimeSpan.FromMilliseconds(1), cts.Token));
    }

    public void Dispose() => File.Delete(_file);

    private void WritePage(ulong generation)
    {
        var bytes = DevicePageWriter.Serialize(new DevicePage { Generation = generation, GuestId = Guid.NewGuid(), Service = "svc" });
        using var stream = new FileStream(_file, FileMode.Open, FileAccess.Write);
        stream.Write(bytes);
    }
}
