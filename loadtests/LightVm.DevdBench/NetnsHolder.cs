using System.Diagnostics;

namespace LightVm.DevdBench;

/// <summary>
/// `unshare --net sleep N`: a process holding one fresh network namespace. Ready once its /proc/&lt;pid&gt;/ns/net
/// differs from ours; it exits by itself after N seconds if the benchmark dies before killing it.
/// </summary>
internal sealed class NetnsHolder : IDisposable
{
    private readonly Process _process;

    private NetnsHolder(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public static async Task<NetnsHolder> StartAsync(TimeSpan lifetime, CancellationToken ct)
    {
        var info = new ProcessStartInfo("unshare") { UseShellExecute = false };
        foreach (var argument in new[] { "--net", "sleep", ((int)lifetime.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        var holder = new NetnsHolder(Process.Start(info) ?? throw new InvalidOperationException("could not start unshare"));
        try
        {
            var own = new FileInfo("/proc/self/ns/net").LinkTarget;
            for (var attempt = 0; attempt < 1000 && !holder._process.HasExited; attempt++)
            {
                try
                {
                    if (new FileInfo($"/proc/{holder.Pid}/ns/net").LinkTarget is { } target && target != own)
                    {
                        return holder;
                    }
                }
                catch (IOException)
                {
                    // Not there yet.
                }

                await Task.Delay(5, ct).ConfigureAwait(false);
            }

            throw new InvalidOperationException("`unshare --net sleep` did not enter a new network namespace.");
        }
        catch
        {
            holder.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit(5_000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
