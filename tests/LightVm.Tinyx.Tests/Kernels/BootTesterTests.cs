using LightVm.Tinyx.Kernels;
using LightVm.Tinyx.Recipes;

namespace LightVm.Tinyx.Tests.Kernels;

public sealed class BootTesterTests
{
    [Fact]
    public void CommandLine_Uml_BootsTheInitramfsWithTheConsoleOnStdio()
    {
        var argv = BootTester.CommandLine(TinyxPlatform.Uml, "/k/linux", "/i/initramfs.cpio.gz", 32);

        Assert.Equal(["/k/linux", "mem=32M", "initrd=/i/initramfs.cpio.gz", "con=null", "con0=fd:0,fd:1", "quiet"], argv);
    }

    [Fact]
    public void CommandLine_Qemu_UsesMicrovmUnderTcgWithoutReboot()
    {
        var argv = BootTester.CommandLine(TinyxPlatform.Qemu, "/k/bzImage", "/i/initramfs.cpio.gz", 64);

        Assert.Equal("qemu-system-x86_64", argv[0]);
        Assert.Contains("microvm,x-option-roms=off,rtc=on", argv);
        Assert.Contains("-no-reboot", argv);
        Assert.Contains($"console=ttyS0 reboot=t panic=-1 quiet {HostTsc.KernelArgument}", argv);
    }

    [Fact]
    public void CommandLine_Qemu_GivesTheKernelTheHostTscRate()
    {
        var argv = BootTester.CommandLine(TinyxPlatform.Qemu, "/k/bzImage", "/i/initramfs.cpio.gz", 64);

        var append = argv[argv.ToList().IndexOf("-append") + 1];
        Assert.Matches(@"\btsc_early_khz=[1-9][0-9]*\b", append);
    }

    [Fact]
    public async Task BootAsync_ProgramThatNeverPrintsTheLine_TimesOutNotReady()
    {
        // Any program stands in for a kernel here: the tester only reads the console and kills the process.
        var tester = new BootTester(TimeProvider.System);
        var script = Path.Combine(Path.GetTempPath(), $"fake-kernel-{Guid.NewGuid():n}");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho booting\nexec sleep 30\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        try
        {
            var result = await tester.BootAsync(TinyxPlatform.Uml, script, "/dev/null", "never printed", TimeSpan.FromMilliseconds(500), 32, CancellationToken.None);

            Assert.False(result.Ready);
            Assert.Contains("booting", result.Console, StringComparison.Ordinal);
            Assert.True(result.Elapsed < TimeSpan.FromSeconds(10));
        }
        finally
        {
            File.Delete(script);
        }
    }
}
