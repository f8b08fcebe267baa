using System.Text.Json;

namespace LightVm.LoadTesting.Platform;

/// <summary>The parts of the platform's control API (<c>/_lightvm/api</c>) the scenarios read.</summary>
public sealed class ControlApi(HttpClient client, Uri gateway)
{
    public async Task<IReadOnlyList<GuestInfo>> GuestsAsync(CancellationToken cancellationToken)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync(new Uri(gateway, "/_lightvm/api/guests"), cancellationToken).ConfigureAwait(false));
        return [.. doc.RootElement.EnumerateArray().Select(g => new GuestInfo(
            g.GetProperty("id").GetGuid(),
            g.GetProperty("service").GetString() ?? "?",
            g.GetProperty("state").GetString() ?? "?",
            g.TryGetProperty("endpoint", out var e) && e.ValueKind == JsonValueKind.String ? new Uri(e.GetString()!) : null))];
    }

    /// <summary>The host process of every guest the agent lists (<c>/_lightvm/api/hosts/guests</c>), of those that have one.</summary>
    public async Task<IReadOnlyList<int>> GuestHostPidsAsync(CancellationToken cancellationToken)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync(new Uri(gateway, "/_lightvm/api/hosts/guests"), cancellationToken).ConfigureAwait(false));
        return [.. doc.RootElement.GetProperty("guests").EnumerateArray()
            .Where(g => g.TryGetProperty("hostPid", out var p) && p.ValueKind == JsonValueKind.Number)
            .Select(g => g.GetProperty("hostPid").GetInt32())];
    }

    /// <summary>Shells ready in the service's pool (summed over agents), or -1 when no agent reports the service.</summary>
    public async Task<int> PoolReadyAsync(string service, CancellationToken cancellationToken)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync(new Uri(gateway, "/_lightvm/api/pools"), cancellationToken).ConfigureAwait(false));
        var reports = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : [doc.RootElement];
        var ready = -1;
        foreach (var report in reports)
        {
            foreach (var pool in report.GetProperty("pools").EnumerateArray())
            {
                if (string.Equals(pool.GetProperty("service").GetString(), service, StringComparison.OrdinalIgnoreCase))
                {
                    ready = Math.Max(ready, 0) + pool.GetProperty("ready").GetInt32();
                }
            }
        }

        return ready;
    }

    /// <summary>Waits until the service's pool holds <paramref name="target"/> shells; returns how long that took.</summary>
    public async Task<TimeSpan> WaitPoolAsync(string service, int target, TimeSpan within, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (await PoolReadyAsync(service, cancellationToken).ConfigureAwait(false) >= target)
            {
                return clock.Elapsed;
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"the pool of '{service}' did not reach {target} shells within {within.TotalSeconds:0} s (ready: {await PoolReadyAsync(service, cancellationToken).ConfigureAwait(false)})");
    }
}
