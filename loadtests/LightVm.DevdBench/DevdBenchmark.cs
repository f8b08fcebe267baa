using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using LightVm.Devd;
using LightVm.LoadTesting.Cli;
using LightVm.LoadTesting.Machine;

namespace LightVm.DevdBench;

/// <summary>
/// Times PlugAsync of the rtnetlink plugger against the `ip`-command baseline: N NICs each, one fresh network
/// namespace (an `unshare --net sleep` holder) per NIC, all on one benchmark bridge, sequential plugs
/// interleaved (netlink, ip, ip, netlink, ...) so both see the same machine state. Then unplugs (timed too)
/// and removes everything. The whole run is bounded by --timeout-seconds.
/// </summary>
internal static class DevdBenchmark
{
    private const byte PrefixLength = 16;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = RepoRoot.FindOrCurrent();
        var (parsed, exit) = await BenchCommandLine.ForRootAsync("lightvm-devd-bench needs root on Linux (it creates network namespaces, veths and a bridge).", () => BenchOptions.Parse(args, root)).ConfigureAwait(false);
        if (parsed is not { } options)
        {
            return exit;
        }

        using var cts = new CancellationTokenSource(options.Timeout);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        var run = Convert.ToHexString(RandomNumberGenerator.GetBytes(2)).ToLowerInvariant();
        var bridge = "lvb" + run;
        var subnet = await FreeSubnetAsync().ConfigureAwait(false);
        var netlink = new PluggerRun("netlink", "lvn" + run, new NetlinkNicPlugger());
        var ip = new PluggerRun("ip", "lvi" + run, new IpCommandNicPlugger());
        var holders = new List<NetnsHolder>();
        var total = options.Warmup + options.Count;
        Console.WriteLine($"devd bench: {options.Count} NICs per plugger (+{options.Warmup} warm-up), bridge {bridge} {subnet}.0.1/{PrefixLength}, run {run}");
        var started = Stopwatch.StartNew();
        try
        {
            await new NetlinkNicPlugger().EnsureBridgeAsync(bridge, IPAddress.Parse(subnet + ".0.1"), PrefixLength, cts.Token).ConfigureAwait(false);
            holders.AddRange(await StartHoldersAsync(2 * total, options.Timeout, cts.Token).ConfigureAwait(false));
            Console.WriteLine($"  {holders.Count} namespace holders ready after {started.Elapsed.TotalSeconds:0.0} s");

            for (var i = 0; i < total; i++)
            {
                var order = i % 2 == 0 ? new[] { (netlink, 2 * i), (ip, (2 * i) + 1) } : [(ip, 2 * i), (netlink, (2 * i) + 1)];
                foreach (var (plugger, slot) in order)
                {
                    var request = Request(plugger, i, slot, bridge, subnet, holders[slot].Pid);
                    var start = Stopwatch.GetTimestamp();
                    var nic = await plugger.Plugger.PlugAsync(request, cts.Token).ConfigureAwait(false);
                    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    plugger.Plugged.Add((nic, holders[slot].Pid));
                    if (i >= options.Warmup)
                    {
                        plugger.Plug.Add(ms);
                    }
                }

                if ((i + 1) % 50 == 0)
                {
                    Console.WriteLine($"  plugged {i + 1}/{total} per plugger");
                }
            }

            await VerifyAsync(bridge, [netlink, ip], 2 * total).ConfigureAwait(false);

            for (var i = 0; i < total; i++)
            {
                foreach (var plugger in i % 2 == 0 ? new[] { netlink, ip } : [ip, netlink])
                {
                    var nic = plugger.Plugged[i].Nic;
                    var start = Stopwatch.GetTimestamp();
                    await plugger.Plugger.UnplugAsync(nic, cts.Token).ConfigureAwait(false);
                    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (i >= options.Warmup)
                    {
                        plugger.Unplug.Add(ms);
                    }
                }
            }

            netlink.Plugged.Clear();
            ip.Plugged.Clear();
        }
        catch (Exception e) when (e is OperationCanceledException or NetlinkException or InvalidOperationException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"devd bench failed after {started.Elapsed.TotalSeconds:0.0} s: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            await CleanUpAsync(holders, bridge, [netlink, ip]).ConfigureAwait(false);
        }

        var machine = await MachineInfo.CollectAsync(root).ConfigureAwait(false);
        Directory.CreateDirectory(options.OutDirectory);
        var report = Report(options, machine, netlink, ip, started.Elapsed);
        await File.WriteAllTextAsync(Path.Combine(options.OutDirectory, "report.md"), report).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(options.OutDirectory, "results.json"), Json(options, machine, netlink, ip)).ConfigureAwait(false);
        Console.WriteLine(report);
        Console.WriteLine($"written to {options.OutDirectory}");
        return 0;
    }

    private static NicRequest Request(PluggerRun plugger, int i, int slot, string bridge, string subnet, int pid) => new()
    {
        HostName = $"{plugger.HostPrefix}{i:x4}",
        Mac = [0x02, 0x4c, 0x76, (byte)(slot >> 16), (byte)(slot >> 8), (byte)slot],
        Address = IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"{subnet}.{(slot / 250) + 1}.{(slot % 250) + 2}")),
        PrefixLength = PrefixLength,
        Gateway = IPAddress.Parse(subnet + ".0.1"),
        Bridge = bridge,
        NetnsPid = pid,
    };

    private static async Task<List<NetnsHolder>> StartHoldersAsync(int count, TimeSpan lifetime, CancellationToken ct)
    {
        var holders = new List<NetnsHolder>(count);
        try
        {
            for (var i = 0; i < count; i += 32)
            {
                holders.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(32, count - i)).Select(_ => NetnsHolder.StartAsync(lifetime, ct))).ConfigureAwait(false));
            }

            return holders;
        }
        catch
        {
            foreach (var holder in holders)
            {
                holder.Dispose();
            }

            throw;
        }
    }

    /// <summary>Untimed: every NIC is a bridge port, and a sample of guests of each plugger is configured.</summary>
    private static async Task VerifyAsync(string bridge, PluggerRun[] pluggers, int expectedPorts)
    {
        var (code, output) = await Shell.RunAsync("ip", "-j", "link", "show", "master", bridge).ConfigureAwait(false);
        using (var ports = JsonDocument.Parse(code == 0 ? output : "[]"))
        {
            var up = ports.RootElement.EnumerateArray().Count(p => p.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "UP"));
            if (up != expectedPorts)
            {
                throw new InvalidOperationException($"verification: {up} UP ports on {bridge}, expected {expectedPorts}.");
            }
        }

        foreach (var plugger in pluggers)
        {
            foreach (var (nic, pid) in plugger.Plugged.Where((_, index) => index % 50 == 7))
            {
                var (guestCode, guest) = await Shell.RunAsync("nsenter", $"--net=/proc/{pid}/ns/net", "ip", "-j", "-4", "addr", "show", "dev", nic.GuestName, "up").ConfigureAwait(false);
                if (guestCode != 0 || !guest.Contains($"\"{nic.Address}\"", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"verification: {plugger.Name} guest of {nic.HostName} (pid {pid}) lacks an UP {nic.GuestName} with {nic.Address}: {guest}");
                }
            }
        }

        Console.WriteLine($"  verified: {expectedPorts} UP ports on {bridge}; sampled guests configured");
    }

    private static async Task CleanUpAsync(List<NetnsHolder> holders, string bridge, PluggerRun[] pluggers)
    {
        foreach (var plugger in pluggers)
        {
            foreach (var (nic, _) in plugger.Plugged)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await plugger.Plugger.UnplugAsync(nic, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is NetlinkException or InvalidOperationException or OperationCanceledException or TimeoutException)
                {
                    await Console.Error.WriteLineAsync($"cleanup: unplug {nic.HostName}: {e.Message}").ConfigureAwait(false);
                }
            }
        }

        foreach (var holder in holders)
        {
            holder.Dispose();
        }

        // Anything left with this run's prefixes (a failure between create and record), then the bridge.
        var (_, links) = await Shell.RunAsync("ip", "-br", "link").ConfigureAwait(false);
        var prefixes = pluggers.Select(p => p.HostPrefix).Append(bridge).ToArray();
        foreach (var name in links.Split('\n').Select(l => l.Split(' ', '@')[0]).Where(n => prefixes.Any(p => n.StartsWith(p, StringComparison.Ordinal))))
        {
            await Shell.RunAsync("ip", "link", "del", "dev", name).ConfigureAwait(false);
        }
    }

    /// <summary>A 10.x/16 no host interface already uses (10.214 first).</summary>
    private static async Task<string> FreeSubnetAsync()
    {
        var (_, addresses) = await Shell.RunAsync("ip", "-4", "-o", "addr", "show").ConfigureAwait(false);
        var (_, routes) = await Shell.RunAsync("ip", "-4", "route", "show").ConfigureAwait(false);
        foreach (var second in new[] { 214, 215, 216, 217, 218, 219 })
        {
            var candidate = $"10.{second}";
            if (!addresses.Contains(" " + candidate + ".", StringComparison.Ordinal) && !routes.Contains(candidate + ".", StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("no free 10.214-219.0.0/16 subnet for the benchmark bridge.");
    }

    private static string Report(BenchOptions options, MachineInfo machine, PluggerRun netlink, PluggerRun ip, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            "# Devd: plugging a guest NIC, rtnetlink vs `ip` commands",
            string.Empty,
            $"- Machine: {machine.Cores} cores ({machine.Cpu}), {machine.Memory} memory, Linux {machine.Kernel}, .NET {machine.Dotnet}",
            $"- Commit: {machine.Commit}{(machine.Dirty ? " (+uncommitted changes)" : string.Empty)}",
            string.Create(inv, $"- Date: {machine.Date:yyyy-MM-dd HH:mm} UTC; run took {elapsed.TotalSeconds:0.0} s"),
            string.Create(inv, $"- Method: {options.Count} NICs per plugger (+{options.Warmup} warm-up plugs each, not counted), one fresh network namespace per NIC (`unshare --net sleep`), all attached to one bridge; sequential `PlugAsync` calls, interleaved netlink/ip (alternating which goes first). A plug = veth pair with the guest end created in the guest namespace (name, MAC), lo up, address, NIC up, default route, host end attached to the bridge and up."),
            "- `NetlinkNicPlugger`: hand-built rtnetlink requests; one netlink socket in the host namespace and one opened from a dedicated thread that `setns`-ed into the guest namespace; no processes.",
            "- `IpCommandNicPlugger`: one `ip` process per step (guest-side steps as `nsenter --net=... ip ...`), the hotplug-script way.",
            string.Empty,
            "## PlugAsync latency (ms)",
            string.Empty,
            "| plugger | n | min | median | p90 | p99 | max |",
            "|---|---:|---:|---:|---:|---:|---:|",
            Row(netlink.Name, netlink.Plug),
            Row(ip.Name, ip.Plug),
            string.Empty,
            string.Create(inv, $"Ratio of medians (ip / netlink): **{ip.Plug.Median / netlink.Plug.Median:0.0}x**"),
            string.Empty,
            "## UnplugAsync latency (ms)",
            string.Empty,
            "| plugger | n | min | median | p90 | p99 | max |",
            "|---|---:|---:|---:|---:|---:|---:|",
            Row(netlink.Name, netlink.Unplug),
            Row(ip.Name, ip.Unplug),
            string.Empty,
            string.Create(inv, $"Ratio of medians (ip / netlink): {ip.Unplug.Median / netlink.Unplug.Median:0.0}x"),
            string.Empty,
        };
        return string.Join('\n', lines);
    }

    private static string Row(string name, Samples s) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {s.Count} | {s.Min:0.000} | {s.Median:0.000} | {s.Percentile(90):0.000} | {s.Percentile(99):0.000} | {s.Max:0.000} |");

    private static string Json(BenchOptions options, MachineInfo machine, PluggerRun netlink, PluggerRun ip) =>
        JsonSerializer.Serialize(
            new
            {
                machine,
                count = options.Count,
                warmup = options.Warmup,
                ratioOfPlugMedians = ip.Plug.Median / netlink.Plug.Median,
                ratioOfUnplugMedians = ip.Unplug.Median / netlink.Unplug.Median,
                pluggers = new[] { netlink, ip }.Select(p => new { name = p.Name, plug = Figures(p.Plug), unplug = Figures(p.Unplug) }),
            },
            Indented);

    private static object Figures(Samples s) => new
    {
        n = s.Count,
        minMs = s.Min,
        medianMs = s.Median,
        p90Ms = s.Percentile(90),
        p99Ms = s.Percentile(99),
        maxMs = s.Max,
        samplesMs = s.Values,
    };
}
