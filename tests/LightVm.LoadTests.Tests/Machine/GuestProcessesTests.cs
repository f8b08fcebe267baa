using System.Diagnostics;
using LightVm.LoadTesting.Machine;
using LightVm.Testing;

namespace LightVm.LoadTests.Tests.Machine;

public sealed class GuestProcessesTests
{
    [Fact]
    public async Task MeasureTrees_HostProcessWithChildren_CountsTheWholeTree()
    {
        using var guest = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "sleep 60 & sleep 60 & wait"]))!;
        try
        {
            await Eventually.TrueAsync(() => GuestProcesses.MeasureTrees([guest.Id]).Processes == 3, "the shell and its two children");

            var (processes, pss, rss) = GuestProcesses.MeasureTrees([guest.Id]);

            Assert.Equal(3, processes);
            Assert.True(pss > 0, $"PSS {pss} MB");
            Assert.True(rss >= pss, $"RSS {rss} MB < PSS {pss} MB");
        }
        finally
        {
            guest.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void MeasureTrees_NoGuests_MeasuresNothing()
    {
        var (processes, pss, rss) = GuestProcesses.MeasureTrees([]);

        Assert.Equal(0, processes);
        Assert.Equal(0, pss);
        Assert.Equal(0, rss);
    }
}
