using System.Diagnostics;

namespace LightVm.Devd;

/// <summary>Runs one external command with a hard timeout (the process is killed when it expires).</summary>
internal static class CommandRunner
{
    public static async Task<CommandResult> RunAsync(string file, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Devd: could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            throw new TimeoutException($"Devd: `{Describe(file, arguments)}` did not finish within {timeout.TotalSeconds:0.#} s and was killed.");
        }

        return new CommandResult(process.ExitCode, (await stdout.ConfigureAwait(false)).Trim(), (await stderr.ConfigureAwait(false)).Trim());
    }

    public static string Describe(string file, IReadOnlyList<string> arguments) =>
        string.Join(' ', arguments.Prepend(file).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
}
