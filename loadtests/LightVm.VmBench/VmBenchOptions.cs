using System.Globalization;

namespace LightVm.VmBench;

/// <summary>
/// Command line: <c>--drivers uml,qemu --execute 200 --cold 20 --pause 200 --save qemu=10 --density uml=1000,qemu=300 --out docs/benchmarks</c>.
/// Every count is either one number for all drivers or <c>driver=N</c> pairs (a driver not named gets the default).
/// </summary>
internal sealed class VmBenchOptions
{
    private const string Usage = "Usage: lightvm-vm-bench [--drivers uml,qemu] [--execute N] [--cold N] [--pause N] [--save N] [--density N] [--memory-mib N] [--min-available-mb N] [--out DIR] (counts: N or uml=N,qemu=M)";

    private static readonly Dictionary<string, int> Defaults = new(StringComparer.Ordinal)
    {
        ["execute"] = 200,
        ["cold"] = 20,
        ["pause"] = 200,
        ["save"] = 10,
        ["density"] = 1000,
        ["memory-mib"] = 0,
    };

    private readonly Dictionary<string, string> _values;

    private VmBenchOptions(IReadOnlyList<string> drivers, Dictionary<string, string> values, string? outDirectory, long minAvailableMb)
    {
        Drivers = drivers;
        _values = values;
        OutDirectory = outDirectory;
        MinAvailableMb = minAvailableMb;
    }

    public IReadOnlyList<string> Drivers { get; }

    /// <summary>Where the <c>&lt;driver&gt;.md</c> files go (null: docs/benchmarks of the repository).</summary>
    public string? OutDirectory { get; }

    /// <summary>The ramp stops when the host's available memory falls below this.</summary>
    public long MinAvailableMb { get; }

    public static VmBenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'. {Usage}");
            }

            values[args[i][2..]] = args[++i];
        }

        var names = values.Remove("drivers", out var list) ? list : values.Remove("driver", out var one) ? one : "uml,qemu";
        var drivers = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var driver in drivers)
        {
            if (driver is not ("uml" or "qemu"))
            {
                throw new ArgumentException($"--drivers: '{driver}' is not a VM driver this benchmark measures (uml, qemu).");
            }
        }

        if (drivers.Length == 0 || drivers.Distinct(StringComparer.Ordinal).Count() != drivers.Length)
        {
            throw new ArgumentException($"--drivers '{names}': name each of uml and qemu at most once.");
        }

        values.Remove("out", out var outDirectory);
        var minAvailable = values.Remove("min-available-mb", out var floor) ? ParseInt("min-available-mb", floor) : 3072;
        var options = new VmBenchOptions(drivers, values, outDirectory, minAvailable);
        foreach (var key in values.Keys)
        {
            if (!Defaults.ContainsKey(key))
            {
                throw new ArgumentException($"Unknown option --{key}. {Usage}");
            }

            foreach (var driver in drivers)
            {
                _ = options.Count(key, driver);
            }
        }

        return options;
    }

    /// <summary>The count <paramref name="key"/> for <paramref name="driver"/>: its own pair, the plain number, or the default.</summary>
    public int Count(string key, string driver)
    {
        if (!_values.TryGetValue(key, out var text))
        {
            return Defaults[key];
        }

        if (!text.Contains('=', StringComparison.Ordinal))
        {
            return ParseInt(key, text);
        }

        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || parts[0] is not ("uml" or "qemu"))
            {
                throw new ArgumentException($"--{key} '{text}': expected N or driver=N pairs such as uml=1000,qemu=300.");
            }

            if (parts[0] == driver)
            {
                return ParseInt(key, parts[1]);
            }
        }

        return Defaults[key];
    }

    private static int ParseInt(string key, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"--{key} '{text}': expected a whole number ≥ 0.");
}
