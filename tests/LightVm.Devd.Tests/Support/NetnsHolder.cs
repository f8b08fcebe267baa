using System.Diagnostics;

namespace LightVm.Devd.Tests.Support;

/// <summary>
/// A process (`unshare --net sleep 600`) holding a fresh network namespace for one test. Ready only once its
/// /proc/&lt;pid&gt;/ns/net differs from ours, so nothing is ever configured in the host's namespace by mistake.
/// </summary>
internal sealed class NetnsHolder : IAsyncDisposable
{
    private readonly Process _process;

    private NetnsHolder(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public string NetnsPath => $"/proc/{Pid}/ns/net";

    public bool HasExited => _process.HasExited;

    public static async Task<NetnsHolder> StartAsync()
    {
        var info = new ProcessStartInfo("unshare") { UseShellExecute = false };
        foreach (var argument in new[] { "--net", "sleep", "600" })
        {
            info.ArgumentList.Add(argument);
        }

        var holder = new NetnsHolder(Process.Start(info) ?? throw new InvalidOperationException("could not start unshare"));
        var own = new FileInfo("/proc/self/ns/net").LinkTarget;
        for (var attempt = 0; attempt < 500; attempt++)
        {
            if (holder._process.HasExited)
            {
                break;
            }

            try
            {
                var target = new FileInfo(holder.NetnsPath).LinkTarget;
                if (target is not null && target != own)
                {
                    return holder;
                }
            }
            catch (IOException)
            {
                // Not there yet.
            }
            catch (UnauthorizedAccessException)
            {
                // Not there yet.
            }

            await Task.Delay(10);
        }

        await holder.DisposeAsync();
        throw new InvalidOperationException("`unshare --net sleep 600` did not enter a new network namespace.");
    }

    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }
}
