using System.Collections.Concurrent;
using System.Diagnostics;

namespace LightVm.Integration.Tests;

/// <summary>A <c>lightvm</c> component running as its own OS process, as in distributed mode.</summary>
internal sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _banner = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(Process process, string bannerText)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Collect(e.Data, bannerText);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, bannerText);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output => string.Join(Environment.NewLine, _output);

    public static async Task<CliProcess> StartAsync(string bannerText, TimeSpan within, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliPaths.CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var cli = new CliProcess(Process.Start(start)!, bannerText);
        var finished = await Task.WhenAny(cli._banner.Task, cli._process.WaitForExitAsync(), Task.Delay(within));
        if (finished != cli._banner.Task)
        {
            var output = cli.Output;
            await cli.DisposeAsync();
            throw new InvalidOperationException($"lightvm {string.Join(' ', args)} did not start: {output}");
        }

        return cli;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first so the agent destroys its guests; then make sure.
            _ = Posix.Terminate(_process.Id);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private void Collect(string? line, string bannerText)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (line.Contains(bannerText, StringComparison.Ordinal))
        {
            _banner.TrySetResult();
        }
    }
}
