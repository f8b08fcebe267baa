using System.CommandLine;
using System.Globalization;
using LightVm.LoadTesting.Cli;

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

    /// <summary>Only help was asked for (and written): nothing to measure.</summary>
    public bool HelpOnly { get; private init; }

    /// <summary>Where the <c>&lt;driver&gt;.md</c> files go (null: docs/benchmarks of the repository).</summary>
    public string? OutDirectory { get; }

    /// <summary>The ramp stops when the host's available memory falls below this.</summary>
    public long MinAvailableMb { get; }

    /// <summary>The options; throws <see cref="ArgumentException"/> naming a bad one. <c>--help</c> writes the help and gives the defaults.</summary>
    public static VmBenchOptions Parse(string[] args)
    {
        var driversOption = BenchCommandLine.Text("--drivers", "Comma-separated VM drivers to measure, in order (default uml,qemu)", "--driver");
        var outOption = BenchCommandLine.Text("--out", "Where the <driver>.md files go (default docs/benchmarks)");
        var floorOption = BenchCommandLine.Text("--min-available-mb", "The density ramp stops below this much available host memory (default 3072)");
        var counts = Defaults.Keys.Select(key => BenchCommandLine.Text("--" + key, $"N or uml=N,qemu=M (default {Defaults[key]})")).ToList();
        Option<string?>[] all = [driversOption, outOption, floorOption, .. counts];
        var result = BenchCommandLine.Parse(args, Usage, all);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in all)
        {
            if (result?.GetValue(option) is { } value)
            {
                values[option.Name[2..]] = value;
            }
        }

        var names = values.Remove("drivers", out var list) ? list : "uml,qemu";
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
        var options = new VmBenchOptions(drivers, values, outDirectory, minAvailable) { HelpOnly = result is null };
        foreach (var key in values.Keys)
        {
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
