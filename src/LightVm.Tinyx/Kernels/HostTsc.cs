using System.Globalization;

namespace LightVm.Tinyx.Kernels;

/// <summary>
/// The host's TSC rate, for booting x86 kernels on QEMU's <c>microvm</c> under TCG. microvm has no PIT speaker
/// gate, HPET or PM timer to calibrate the TSC against: under TCG (where the guest reads the host's TSC) a kernel
/// without the hint marks the TSC unstable and can hang on a busy host; <c>tsc_early_khz</c> skips the calibration.
/// Every QEMU command line of the project (the driver, Tinyx's boot tests, the load tests' baseline) adds it.
/// </summary>
public static class HostTsc
{
    private static readonly Lazy<int> Rate = new(Read);

    /// <summary>The rate in kHz (from /proc/cpuinfo's first "cpu MHz"; 2 GHz when it says nothing).</summary>
    public static int Khz => Rate.Value;

    /// <summary>The kernel boot word, e.g. <c>tsc_early_khz=2450000</c>.</summary>
    public static string KernelArgument => string.Create(CultureInfo.InvariantCulture, $"tsc_early_khz={Khz}");

    private static int Read()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("cpu MHz", StringComparison.Ordinal)
                    && double.TryParse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var mhz)
                    && mhz > 0)
                {
                    return (int)(mhz * 1000);
                }
            }
        }
        catch (IOException)
        {
            // No /proc: the default below.
        }

        return 2_000_000;
    }
}
