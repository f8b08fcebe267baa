using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LightVm.Toolstack;

namespace LightVm.LoadTesting.Platform;

/// <summary>
/// A platform the runner starts itself: <c>lightvm up</c> as a child process (its own runtime, GC and thread
/// pool, as an operator runs it) with the scenario's policies on a free loopback port; stopped with SIGTERM so
/// the agent destroys its guests and containers.
/// </summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _work;
    private readonly StreamWriter _log;

    private readonly string _logFile;

    private PlatformProcess(Process process, string work, StreamWriter log, string logFile, PlatformTarget target)
    {
        _process = process;
        _work = work;
        _log = log;
        _logFile = logFile;
        Target = target;

        // If the runner is stopped (Ctrl+C, SIGTERM), the platform must not outlive it with its guests.
        AppDomain.CurrentDomain.ProcessExit += OnRunnerExit;
    }

    public PlatformTarget Target { get; }

    public static async Task<PlatformProcess> StartAsync(
        string cliDll, string image, string driver, IReadOnlyList<PolicySpec> policies, string logFile, CancellationToken cancellationToken,
        IReadOnlyList<string>? extraArguments = null)
    {
        var work = Directory.CreateTempSubdirectory("lightvm-bench-").FullName;
        var policyDir = Path.Combine(work, "policies");
        Directory.CreateDirectory(policyDir);
        foreach (var policy in policies)
        {
            await File.WriteAllTextAsync(Path.Combine(policyDir, policy.Name + ".yaml"), policy.ToYaml(image), cancellationToken).ConfigureAwait(false);
        }

        var port = FreePort();
        string[] arguments =
        [
            cliDll, "up", "--http", $"127.0.0.1:{port}", "--policies", policyDir, "--driver", driver,
            "--state-dir", Path.Combine(work, "state"), "--reaper-interval", "100ms", "--activity-interval", "100ms",
            .. extraArguments ?? [],
        ];
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet " + cliDll);
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var target = new PlatformTarget
        {
            Gateway = new Uri($"http://127.0.0.1:{port}"),
            Driver = driver,
            Command = "dotnet " + string.Join(' ', arguments.Select((a, i) => i == 0 ? Path.GetFileName(a) : a.Replace(work, "$WORK", StringComparison.Ordinal))),
            ProcessId = process.Id,
        };
        var platform = new PlatformProcess(process, work, log, logFile, target);
        try
        {
            await platform.WaitHealthyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await platform.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return platform;
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnRunnerExit;
        // The guests as they are now: a platform that dies before it has destroyed them all must not leave them
        // running (they would load the host under the next scenario).
        var guests = _process.HasExited ? [] : HostProcessTree.Descendants(_process.Id).Skip(1).ToList();
        if (!_process.HasExited)
        {
            _ = Posix.Kill(_process.Id, Posix.SigTerm);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        var left = guests.Count(pid => Posix.Kill(pid, 0) == 0);
        foreach (var pid in guests)
        {
            _ = Posix.Kill(pid, Posix.SigKill);
        }

        if (left > 0)
        {
            Write(_log, $"bench: {left} processes of the platform's guests were still running after it stopped: killed");
        }

        _process.Dispose();
        await _log.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind (a read-only mount of a container that did not go away): /tmp is cleaned on reboot.
        }
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                await _log.FlushAsync(cancellationToken).ConfigureAwait(false);
                var why = string.Join(" | ", (await File.ReadAllLinesAsync(_logFile, cancellationToken).ConfigureAwait(false)).TakeLast(4).Select(l => l.Trim()));
                throw new InvalidOperationException($"the platform exited with code {_process.ExitCode} before it was up: {why} (command: {Target.Command}; log: {_logFile})");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(Target.Gateway, "/_lightvm/healthz"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"the platform did not answer /_lightvm/healthz within 90 s: {Target.Command}");
    }

    private void OnRunnerExit(object? sender, EventArgs e)
    {
        // The guests as they are now: a platform that dies before it has destroyed them all must not leave them
        // running (they would load the host under the next scenario).
        var guests = _process.HasExited ? [] : HostProcessTree.Descendants(_process.Id).Skip(1).ToList();
        if (!_process.HasExited)
        {
            _ = Posix.Kill(_process.Id, Posix.SigTerm);
            _process.WaitForExit(TimeSpan.FromSeconds(20));
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    /// <summary>A loopback port free right now (for the platform's HTTP listener and fronts).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
