using System.Diagnostics;
using System.Text;
using LightVm.Noxs;
using LightVm.Tinyx.Recipes;

namespace LightVm.Tinyx.Kernels;

/// <summary>
/// Boots a kernel with an initramfs the way the drivers do (UML: <c>linux mem=.. initrd=..</c>; QEMU:
/// <c>microvm</c> under TCG) and waits for a line on the console, by default the guest init's
/// <c>lightvm-init: waiting for device page</c>. The guest is killed afterwards.
/// </summary>
public sealed class BootTester(TimeProvider time)
{
    public const string DefaultReadyLine = GuestLink.InitWaitingLine;

    public static IReadOnlyList<string> CommandLine(TinyxPlatform platform, string kernel, string initramfs, int memoryMiB) => platform switch
    {
        TinyxPlatform.Uml => [kernel, $"mem={memoryMiB}M", $"initrd={initramfs}", "con=null", "con0=fd:0,fd:1", "quiet"],
        TinyxPlatform.Qemu =>
        [
            "qemu-system-x86_64", "-M", "microvm,x-option-roms=off,rtc=on", "-accel", "tcg", "-m", $"{memoryMiB}M",
            "-nodefaults", "-no-user-config", "-display", "none", "-serial", "stdio", "-no-reboot",
            "-kernel", kernel, "-initrd", initramfs, "-append", $"console=ttyS0 reboot=t panic=-1 quiet {HostTsc.KernelArgument}",
        ],
        _ => throw new TinyxException($"{platform.Name()} does not boot a kernel"),
    };

    public async Task<BootResult> BootAsync(
        TinyxPlatform platform, string kernel, string initramfs, string readyLine, TimeSpan timeout, int memoryMiB, CancellationToken cancellationToken)
    {
        var argv = CommandLine(platform, kernel, initramfs, memoryMiB);
        var info = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in argv.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        var console = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = info };
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (console)
            {
                console.Append(line).Append('\n');
            }

            if (line.Contains(readyLine, StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        var started = time.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new TinyxException($"cannot start {argv[0]}: {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        bool ok;
        try
        {
            var first = await Task.WhenAny(ready.Task, exited, Task.Delay(Timeout.Infinite, deadline.Token)).ConfigureAwait(false);
            ok = first == ready.Task;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var elapsed = time.GetElapsedTime(started);
        string tail;
        lock (console)
        {
            tail = string.Join('\n', console.ToString().Split('\n').TakeLast(30));
        }

        return new BootResult(ok, elapsed, tail);
    }
}
