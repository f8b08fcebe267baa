using System.ComponentModel;

namespace LightVm.Toolstack.Drivers.Oci;

/// <summary>Runs <c>runc</c> subcommands with a timeout; a failure becomes an exception carrying runc's own words.</summary>
internal static class RuncCommand
{
    public static async Task RunAsync(OciDriverOptions options, TimeSpan timeout, CancellationToken cancellationToken, params string[] args)
    {
        using var process = Start(options, args, redirectInput: false);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await WaitAsync(process, timeout, args, cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new GuestStartException($"runc {args[0]} failed (exit {process.ExitCode}): {Trim(await stderr.ConfigureAwait(false) + await stdout.ConfigureAwait(false))}");
        }
    }

    /// <summary>Starts runc with all three standard streams redirected (for <c>runc create</c>, whose stdio the container inherits).</summary>
    public static System.Diagnostics.Process Start(OciDriverOptions options, IReadOnlyList<string> args, bool redirectInput)
    {
        var start = new System.Diagnostics.ProcessStartInfo(options.Runc)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(options.RuncRoot);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            return System.Diagnostics.Process.Start(start) ?? throw new GuestStartException($"Could not start {options.Runc}.");
        }
        catch (Win32Exception e)
        {
            throw new GuestStartException($"Cannot run '{options.Runc}' ({e.Message}): install runc (ops/setup.sh does).", e);
        }
    }

    public static async Task WaitAsync(System.Diagnostics.Process process, TimeSpan timeout, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new GuestStartException($"runc {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s.");
        }
    }

    public static string Trim(string text)
    {
        var t = text.Trim().ReplaceLineEndings(" ");
        return t.Length > 500 ? t[..500] + "..." : t;
    }
}
