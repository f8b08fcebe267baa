using System.Globalization;

namespace LightVm.VmBench;

/// <summary>Command line: <c>--driver uml --execute 200 --cold 20 --pause 200 --density 1000 --out docs/benchmarks/uml.md</c>.</summary>
internal sealed record VmBenchOptions(string Driver, int Execute, int Cold, int Pause, int Density, string? Out, long MinAvailableMb)
{
    public static VmBenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'. Usage: lightvm-vm-bench --driver uml [--execute N] [--cold N] [--pause N] [--density N] [--out FILE]");
            }

            values[args[i][2..]] = args[++i];
        }

        int Int(string key, int fallback) => values.TryGetValue(key, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        var driver = values.GetValueOrDefault("driver", "uml");
        if (driver is not ("uml" or "qemu"))
        {
            throw new ArgumentException($"--driver '{driver}': this benchmark measures the VM drivers (uml, qemu).");
        }

        return new VmBenchOptions(driver, Int("execute", 200), Int("cold", 20), Int("pause", 200), Int("density", 1000), values.GetValueOrDefault("out"), Int("min-available-mb", 3072));
    }
}
