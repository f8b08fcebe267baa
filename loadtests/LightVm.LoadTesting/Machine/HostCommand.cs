using System.Diagnostics;

namespace LightVm.LoadTesting.Machine;

/// <summary>Runs a setup, verification or cleanup command (never a timed step) with a hard timeout.</summary>
public static class HostCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{file}: {e.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"{file} {string.Join(' ', arguments)} timed out");
            }

            return (process.ExitCode, (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false)));
        }
    }
}
