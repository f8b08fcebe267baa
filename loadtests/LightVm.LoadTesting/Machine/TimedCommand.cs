using System.Diagnostics;
using LightVm.LoadTesting.Engine;

namespace LightVm.LoadTesting.Machine;

/// <summary>A command as a step: started, waited for, timed by the runner; a non-zero exit is an error of kind "exit N".</summary>
public static class TimedCommand
{
    /// <param name="capture">Read its output (and close its input); false for the bare fork/exec yardstick.</param>
    public static async Task<StepOutcome> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool capture = true)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = capture, RedirectStandardError = capture, RedirectStandardInput = capture };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        if (capture)
        {
            process.StandardInput.Close();
        }

        var stdout = capture ? process.StandardOutput.ReadToEndAsync(CancellationToken.None) : Task.FromResult(string.Empty);
        var stderr = capture ? process.StandardError.ReadToEndAsync(CancellationToken.None) : Task.FromResult(string.Empty);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await stdout.ConfigureAwait(false);
        await stderr.ConfigureAwait(false);
        return process.ExitCode == 0 ? StepOutcome.Success : StepOutcome.Failed($"exit {process.ExitCode}");
    }
}
