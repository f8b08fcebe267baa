using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using LightVm.Devd.Network;
using LightVm.Noxs;
using LightVm.Toolstack.Native;
using LightVm.Toolstack.Metadata;
using Microsoft.Extensions.Logging;

namespace LightVm.Toolstack.Drivers.Process;

/// <summary>
/// The baseline driver: a guest is a host process, no isolation. Prepare starts the guest binary and returns
/// once the guest says it waits on its stdin (<see cref="GuestLink.WaitingLine"/>, after its start-up and warm-up);
/// execute writes the device page (a read-only file) and sends "go". Pause is SIGSTOP.
/// The guest exits when its stdin closes, so guests never outlive the agent that made them. Each guest listens on
/// its own loopback address, leased from the <see cref="GuestNetwork"/>.
/// </summary>
public sealed partial class ProcessDriver : IGuestDriver
{
    private readonly ProcessDriverOptions _options;
    private readonly GuestNetwork _network;
    private readonly TimeProvider _time;
    private readonly ILogger<ProcessDriver> _logger;

    public ProcessDriver(ProcessDriverOptions options, GuestNetwork network, TimeProvider time, ILogger<ProcessDriver> logger)
    {
        _options = options;
        _network = network;
        _time = time;
        _logger = logger;
    }

    public string Name => "process";

    public DriverCapabilities Capabilities => DriverCapabilities.Pause;

    public async Task<Shell> PrepareAsync(ShellSpec spec, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var address = _network.LeaseLoopback(spec.Port);
        var directory = Path.Combine(_options.StateDirectory, id.ToString("N"));
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _network.Loopback.Return(address);
            throw new GuestStartException($"Cannot create the shell directory {directory}: {e.Message}", e);
        }

        var start = new ProcessStartInfo(spec.Image)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var arg in spec.Args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[GuestVariables.Page] = Path.Combine(directory, "page");
        if (spec.ConfigChannel == ConfigChannel.Store)
        {
            start.Environment[GuestVariables.Metadata] = MetadataServer.Shared.UrlFor(IPAddress.Loopback, id).ToString();
        }
        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(start)
                ?? throw new GuestStartException($"Could not start '{spec.Image}'.");
        }
        catch (Win32Exception e)
        {
            _network.Loopback.Return(address);
            TryDeleteDirectory(directory);
            throw new GuestStartException($"Cannot start image '{spec.Image}' for service '{spec.Service}': {e.Message}.", e);
        }

        if (spec.Background && _options.PrepareNice > 0 && SchedulingPriority.CanRaise)
        {
            SchedulingPriority.TrySet(process.Id, _options.PrepareNice);
        }

        var shell = new ProcessShell(id, spec, new IPEndPoint(address, spec.Port), _time.GetUtcNow(), process, directory);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => shell.SetExited(Describe(process));
        if (process.HasExited)
        {
            shell.SetExited(Describe(process));
        }

        shell.Pumps = ConsolePump.RunAsync(process.StandardOutput, process.StandardError, shell.ConsolePath, shell.Output, line =>
        {
            if (line.Contains(GuestLink.WaitingLine, StringComparison.Ordinal))
            {
                shell.SetWaiting();
            }
        });

        await UntilWaitingAsync(shell, cancellationToken).ConfigureAwait(false);
        LogPrepared(spec.Service, id, process.Id, shell.Endpoint);
        return shell;
    }

    /// <summary>
    /// Returns when the guest waits for "go", has ended (execute reports that), or has said nothing within
    /// <see cref="ProcessDriverOptions.WaitingTimeout"/> (an image without the guest library: taken as prepared).
    /// Cancelled, it frees the shell before it throws.
    /// </summary>
    private async Task UntilWaitingAsync(ProcessShell shell, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAny(shell.Waiting, shell.Exited).WaitAsync(_options.WaitingTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogNoWaitingLine(shell.Spec.Service, shell.Id, _options.WaitingTimeout.TotalMilliseconds);
        }
        catch (OperationCanceledException)
        {
            await DestroyAsync(shell, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async Task ExecuteAsync(Shell shell, DevicePage page, CancellationToken cancellationToken)
    {
        var guest = Cast(shell);
        if (shell.Spec.Background && _options.PrepareNice > 0 && SchedulingPriority.CanRaise)
        {
            SchedulingPriority.TrySet(guest.Pid, 0); // on the request path now: normal priority again
        }

        await GuestLinkRelease.ReleaseAsync(guest, page, guest.PagePath, guest.Process.StandardInput, cancellationToken).ConfigureAwait(false);
    }

    public Task PauseAsync(Shell shell, CancellationToken cancellationToken)
    {
        Posix.Signal(Cast(shell).Pid, Posix.SigStop);
        shell.IsPaused = true;
        return Task.CompletedTask;
    }

    public Task ResumeAsync(Shell shell, CancellationToken cancellationToken)
    {
        Posix.Signal(Cast(shell).Pid, Posix.SigCont);
        shell.IsPaused = false;
        return Task.CompletedTask;
    }

    public async Task DestroyAsync(Shell shell, CancellationToken cancellationToken)
    {
        var guest = Cast(shell);
        if (!guest.TryMarkReleased())
        {
            return;
        }

        try
        {
            if (!await GracefulPoweroff.TryAsync(guest, guest.PagePath, _options.PoweroffGrace, _time).ConfigureAwait(false) && !guest.Process.HasExited)
            {
                KillTree(guest.Pid);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time);
            await guest.Process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            await guest.Pumps.WaitAsync(TimeSpan.FromSeconds(2), _time, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or OperationCanceledException or TimeoutException)
        {
            LogDestroyProblem(shell.Spec.Service, shell.Id, e.Message);
        }
        finally
        {
            guest.Process.Dispose();
            MetadataServer.Shared.Remove(shell.Id);
            _network.Loopback.Return(guest.Endpoint.Address);
            TryDeleteDirectory(guest.Directory);
            LogDestroyed(shell.Spec.Service, shell.Id);
        }
    }

    /// <summary>
    /// SIGKILL to the guest and every process it started. The tree is read first (a killed parent's children
    /// are re-parented and could no longer be found); the root is killed first so it starts no more.
    /// </summary>
    private static void KillTree(int root)
    {
        foreach (var pid in HostProcessTree.Descendants(root))
        {
            Posix.TrySignal(pid, Posix.SigKill);
        }
    }

    private static ProcessShell Cast(Shell shell) =>
        shell as ProcessShell ?? throw new ArgumentException($"Shell {shell.Id:N} was not made by the process driver.", nameof(shell));

    private static string Describe(System.Diagnostics.Process process)
    {
        try
        {
            return $"exit code {process.ExitCode}";
        }
        catch (InvalidOperationException)
        {
            return "exited";
        }
    }

    private void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDestroyProblem("?", Guid.Empty, $"cannot delete {directory}: {e.Message}");
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Prepared shell {ShellId} for {Service}: pid {Pid}, endpoint {Endpoint}")]
    private partial void LogPrepared(string service, Guid shellId, int pid, IPEndPoint endpoint);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning,
        Message = "Shell {ShellId} of {Service} did not say it waits for go within {Ms} ms; taken as prepared (an image without the guest library?)")]
    private partial void LogNoWaitingLine(string service, Guid shellId, double ms);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Destroyed shell {ShellId} of {Service}")]
    private partial void LogDestroyed(string service, Guid shellId);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Destroying shell {ShellId} of {Service}: {Problem}")]
    private partial void LogDestroyProblem(string service, Guid shellId, string problem);
}
