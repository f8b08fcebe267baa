using System.Runtime.InteropServices;
using System.Text;
using LightVm.Toolstack.Native;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// Whether KVM really runs guests here. /dev/kvm and a successful KVM_CREATE_VM are not enough: a PVM host
/// offers both, yet ordinary kernels abort ("failed to set MSR 0x10a") or hang under it. So the probe boots the
/// guest kernel itself under <c>-accel kvm</c> with no root file system and waits, with a deadline, for the
/// kernel to get as far as looking for its init (it then panics, and <c>-no-reboot</c> ends QEMU). The answer is
/// cached per boot of the host in <c>kvm-probe</c> under the state directory.
/// </summary>
internal static partial class KvmProbe
{
    private const ulong KvmCreateVm = 0xAE01;
    private const int ORdwr = 2;
    private const int OCloexec = 0x80000;

    /// <summary>Lines that only a kernel that booted as far as mounting its root prints.</summary>
    private static readonly string[] Reached = ["Kernel panic", "VFS:", "Run /", "Freeing unused kernel"];

    public static async Task<(QemuAccelerator Accelerator, string Reason)> ProbeAsync(string qemu, string kernel, string stateDirectory, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var cache = Path.Combine(stateDirectory, "kvm-probe");
        var key = $"{BootId()}|{qemu}|{kernel}|{File.GetLastWriteTimeUtc(kernel).Ticks}";
        if (File.Exists(cache))
        {
            var lines = await File.ReadAllLinesAsync(cache, cancellationToken).ConfigureAwait(false);
            if (lines.Length == 3 && lines[0] == key && Enum.TryParse<QemuAccelerator>(lines[1], out var cached))
            {
                return (cached, lines[2] + " (cached)");
            }
        }

        var result = await ProbeUncachedAsync(qemu, kernel, timeout, time, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(stateDirectory);
        await File.WriteAllLinesAsync(cache, [key, result.Accelerator.ToString(), result.Reason.ReplaceLineEndings(" ")], cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async Task<(QemuAccelerator Accelerator, string Reason)> ProbeUncachedAsync(string qemu, string kernel, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!File.Exists("/dev/kvm"))
        {
            return (QemuAccelerator.Tcg, "no /dev/kvm");
        }

        if (CreateVm() is { } refused)
        {
            return (QemuAccelerator.Tcg, refused);
        }

        string[] args =
        [
            "-nodefaults", "-no-user-config", "-nographic", "-M", "microvm,x-option-roms=off,isa-serial=on", "-accel", "kvm", "-cpu", "host",
            "-m", "32M", "-kernel", kernel, "-append", "console=ttyS0 panic=-1 root=/dev/null rdinit=/lightvm-kvm-probe",
            "-serial", "stdio", "-no-reboot",
        ];
        using var process = SpawnedProcess.Start(qemu, args, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, []);
        var output = new StringBuilder();
        var reached = ReadUntilReachedAsync(process, output);
        try
        {
            var winner = await Task.WhenAny(reached, Task.Delay(timeout, time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (winner == reached && await reached.ConfigureAwait(false))
            {
                return (QemuAccelerator.Kvm, $"a kernel booted under KVM ({Path.GetFileName(kernel)})");
            }

            var tail = Tail(output);
            return winner == reached
                ? (QemuAccelerator.Tcg, $"KVM is not usable: QEMU ended before the kernel booted: {tail}")
                : (QemuAccelerator.Tcg, $"KVM is not usable: the kernel did not boot under KVM within {timeout.TotalSeconds:0.#} s (a PVM host?): {tail}");
        }
        finally
        {
            process.SignalGroup(SpawnedProcess.SigKill);
            await process.Exited.WaitAsync(TimeSpan.FromSeconds(5), time, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<bool> ReadUntilReachedAsync(SpawnedProcess process, StringBuilder output)
    {
        using var reader = new StreamReader(process.Output, Encoding.UTF8, false, 4096, leaveOpen: true);
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }

                if (Reached.Any(mark => line.Contains(mark, StringComparison.Ordinal)))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // QEMU is gone.
        }

        return false;
    }

    private static string Tail(StringBuilder output)
    {
        lock (output)
        {
            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length == 0 ? "(no output)" : string.Join(" | ", lines.TakeLast(3));
        }
    }

    /// <summary>Null when KVM_CREATE_VM works, else why not.</summary>
    private static string? CreateVm()
    {
        var kvm = Open("/dev/kvm", ORdwr | OCloexec);
        if (kvm < 0)
        {
            return $"cannot open /dev/kvm: {Marshal.GetLastPInvokeErrorMessage()}";
        }

        try
        {
            var vm = Ioctl(kvm, KvmCreateVm, 0);
            if (vm < 0)
            {
                return $"KVM_CREATE_VM failed: {Marshal.GetLastPInvokeErrorMessage()}";
            }

            _ = Close(vm);
            return null;
        }
        finally
        {
            _ = Close(kvm);
        }
    }

    private static string BootId()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, ulong request, nint argument);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
