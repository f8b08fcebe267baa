using System.Globalization;
using System.Text.RegularExpressions;
using LightVm.LoadTesting.Machine;

namespace LightVm.LoadTesting.Scenarios;

/// <summary>Runs the outside tool <c>wrk</c> (Debian package) with --latency and reads its summary.</summary>
public static partial class Wrk
{
    public static async Task<WrkResult?> RunAsync(Uri url, string? host, int connections, TimeSpan duration, Action<string> log)
    {
        List<string> args = ["-t", Math.Min(2, connections).ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{Math.Max(1, (int)duration.TotalSeconds)}s", "--latency"];
        if (host is not null)
        {
            args.AddRange(["-H", $"Host: {host}"]);
        }

        args.Add(url.ToString());
        var (code, output) = await HostCommand.RunAsync("wrk", args, duration + TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (code != 0)
        {
            log($"wrk failed ({code}): {output.Trim()}");
            return null;
        }

        return Parse(output);
    }

    public static WrkResult? Parse(string output)
    {
        var rps = RequestsPerSecond().Match(output);
        if (!rps.Success)
        {
            return null;
        }

        double Percentile(string p)
        {
            var m = Regex.Match(output, $@"^\s*{Regex.Escape(p)}%\s+([0-9.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
            return m.Success ? Ms(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value) : double.NaN;
        }

        var requests = Requests().Match(output);
        long errors = 0;
        foreach (Match m in SocketErrors().Matches(output))
        {
            errors += long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        var non2xx = Non2xx().Match(output);
        if (non2xx.Success)
        {
            errors += long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return new WrkResult(
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile("50"),
            Percentile("90"),
            Percentile("99"),
            requests.Success ? long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            errors);
    }

    private static double Ms(double value, string unit) => unit switch
    {
        "us" => value / 1000,
        "s" => value * 1000,
        "m" => value * 60_000,
        _ => value,
    };

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)", RegexOptions.CultureInvariant)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"([0-9]+) requests in", RegexOptions.CultureInvariant)]
    private static partial Regex Requests();

    [GeneratedRegex(@"(?:connect|read|write|timeout) ([0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"Non-2xx or 3xx responses: ([0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Non2xx();
}
