using System.Diagnostics;
using System.Text;

namespace LightVm.Tinyx.Processes;

/// <summary>
/// Runs the outside tools Tinyx drives (make, dpkg, debootstrap, dotnet, mount): arguments as a list (no
/// shell), output captured and optionally streamed line by line, cancellation kills the process tree.
/// </summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        Action<string>? onLine = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var gate = new object();
        process.OutputDataReceived += (_, e) => Collect(e.Data, stdout);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, stderr);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new TinyxException($"cannot start {fileName}: {e.Message} (is it installed? ops/setup.sh installs what Tinyx needs)", e);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.WaitForExit();
        lock (gate)
        {
            return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString());
        }

        void Collect(string? line, StringBuilder into)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                into.Append(line).Append('\n');
            }

            onLine?.Invoke(line);
        }
    }

    /// <summary>Runs and throws a <see cref="TinyxException"/> with the output's tail when the exit code is not 0.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(
        string fileName,
        IEnumerable<string> arguments,
        string what,
        CancellationToken cancellationToken,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        Action<string>? onLine = null)
    {
        var list = arguments.ToList();
        var result = await RunAsync(fileName, list, cancellationToken, workingDirectory, environment, onLine).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new TinyxException($"{what} failed: `{fileName} {string.Join(' ', list)}` exited with {result.ExitCode}:\n{result.Tail()}");
        }

        return result;
    }
}
