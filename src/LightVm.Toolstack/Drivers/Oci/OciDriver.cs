using System.Globalization;
using System.Net;
using LightVm.Devd.Network;
using LightVm.Noxs;
using LightVm.Toolstack.Metadata;
using Microsoft.Extensions.Logging;

namespace LightVm.Toolstack.Drivers.Oci;

/// <summary>
/// Container guests on runc, with namespaces, no capabilities, a read-only root, and a veth NIC plugged by
/// the <see cref="GuestNetwork"/> (Devd) into the guests' bridge. Two forms, both measured:
/// <list type="bullet">
/// <item><c>oci</c> (pre-booted): prepare = <c>runc create</c> + NIC + <c>runc start</c>; the guest runs and waits on
/// stdin for its page. Execute = write the page, send "go": no process is spawned on the request path.</item>
/// <item><c>oci-start</c>: prepare = <c>runc create</c> + NIC; execute = write the page, <c>runc start</c>.</item>
/// </list>
/// Pause/resume use the guest's cgroup freezer directly (what <c>runc pause</c> does, minus the spawn).
/// Images: a bare binary, a root file system, or a Tinyx image folder (its <c>rootfs/</c> and manifest command,
/// <see cref="OciRootfs"/>). A plain (non-noxs) app is started at execute in both forms, after its page is written.
/// </summary>
public sealed partial class OciDriver : IGuestDriver
{
    private readonly OciDriverOptions _options;
    private readonly GuestNetwork _network;
    private readonly TimeProvider _time;
    private readonly ILogger<OciDriver> _logger;

    public OciDriver(OciDriverOptions options, bool preboot, GuestNetwork network, TimeProvider time, ILogger<OciDriver> logger)
    {
        _options = options;
        Preboot = preboot;
        _network = network;
        _time = time;
        _logger = logger;
    }

    public bool Preboot { get; }

    public string Name => Preboot ? "oci" : "oci-start";

    public DriverCapabilities Capabilities => DriverCapabilities.Pause;

    public async Task<Shell> PrepareAsync(ShellSpec spec, CancellationToken cancellationToken)
    {
        await _network.EnsureBridgeAsync(cancellationToken).ConfigureAwait(false);
        var image = OciRootfs.Resolve(spec.Image, spec.Args, _options.StateDirectory);
        var id = Guid.NewGuid();
        var address = _network.LeaseAddress();
        var bundle = Path.Combine(_options.StateDirectory, "guests", id.ToString("N"));
        var cgroupsPath = $"/{_options.CgroupParent}/{id:N}";
        var shell = new OciShell(id, spec, new IPEndPoint(address, spec.Port), _time.GetUtcNow(), bundle, cgroupsPath) { Noxs = image.Noxs };
        try
        {
            Directory.CreateDirectory(shell.PageDirectory);
            OciBundle.Write(bundle, image.Rootfs, image.Args, GuestEnvironment(shell, image), shell.PageDirectory, "guest-" + id.ToString("N")[..8], cgroupsPath, _options.User);
            await CreateAsync(shell, cancellationToken).ConfigureAwait(false);
            shell.Nic = await _network.PlugVethAsync(id, address, shell.Pid, spec.Isolated, cancellationToken).ConfigureAwait(false);
            if (Preboot && image.Noxs)
            {
                // A plain app (nginx, daytime) starts at execute, after its page, as the guest init starts it in a VM.
                await StartAsync(shell, cancellationToken).ConfigureAwait(false);
            }

            LogPrepared(spec.Service, id, shell.Pid, shell.Endpoint, Name);
            return shell;
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            await DestroyAsync(shell, CancellationToken.None).ConfigureAwait(false);
            throw e is GuestStartException ? e : new GuestStartException($"Preparing an {Name} shell for '{spec.Service}' failed: {e.Message}", e);
        }
    }

    public async Task ExecuteAsync(Shell shell, DevicePage page, CancellationToken cancellationToken)
    {
        var guest = Cast(shell);
        await GuestLinkRelease.ReleaseAsync(guest, page, guest.PagePath, guest.Noxs ? guest.Creator!.StandardInput : null, cancellationToken).ConfigureAwait(false);
        if (!guest.Started)
        {
            await StartAsync(guest, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task PauseAsync(Shell shell, CancellationToken cancellationToken)
    {
        await CgroupFreezer.SetAsync(Cast(shell).CgroupsPath, frozen: true, cancellationToken).ConfigureAwait(false);
        shell.IsPaused = true;
    }

    public async Task ResumeAsync(Shell shell, CancellationToken cancellationToken)
    {
        await CgroupFreezer.SetAsync(Cast(shell).CgroupsPath, frozen: false, cancellationToken).ConfigureAwait(false);
        shell.IsPaused = false;
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
            await GracefulPoweroff.TryAsync(guest, guest.PagePath, _options.PoweroffGrace, _time).ConfigureAwait(false);
            if (File.Exists(CgroupFreezer.StatePath(guest.CgroupsPath)))
            {
                // A frozen task cannot die: thaw first so that the kill lands.
                await CgroupFreezer.SetAsync(guest.CgroupsPath, frozen: false, CancellationToken.None).ConfigureAwait(false);
            }

            if (guest.Creator is not null)
            {
                await RuncCommand.RunAsync(_options, _options.CommandTimeout, CancellationToken.None, "delete", "--force", guest.ContainerId).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is GuestStartException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            LogDestroyProblem(shell.Spec.Service, shell.Id, e.Message);
        }

        if (guest.Nic is { } nic)
        {
            try
            {
                await _network.UnplugAsync(nic, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                LogDestroyProblem(shell.Spec.Service, shell.Id, "unplug: " + e.Message);
            }
        }

        try
        {
            await guest.Pumps.WaitAsync(TimeSpan.FromSeconds(5), _time, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogDestroyProblem(shell.Spec.Service, shell.Id, "console pipes still open after delete");
        }

        guest.Creator?.Dispose();
        guest.SetExited("destroyed");
        MetadataServer.Shared.Remove(shell.Id);
        _network.Addresses.Return(guest.Endpoint.Address);
        try
        {
            Directory.Delete(guest.Bundle, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDestroyProblem(shell.Spec.Service, shell.Id, $"cannot delete {guest.Bundle}: {e.Message}");
        }

        LogDestroyed(shell.Spec.Service, shell.Id);
    }

    private static OciShell Cast(Shell shell) =>
        shell as OciShell ?? throw new ArgumentException($"Shell {shell.Id:N} was not made by an oci driver.", nameof(shell));

    /// <summary>
    /// The image's environment; the metadata URL for the store channel; for a plain app the endpoint to listen on
    /// (<c>LIGHTVM_ADDRESS</c>, <c>LIGHTVM_PORT</c>, <c>LIGHTVM_SERVICE</c>: what the guest init gives it in a VM).
    /// </summary>
    private List<string> GuestEnvironment(OciShell shell, OciImage image)
    {
        List<string> env = [.. image.Env.Select(e => $"{e.Key}={e.Value}")];
        if (shell.Spec.ConfigChannel == ConfigChannel.Store)
        {
            env.Add($"{GuestVariables.Metadata}={MetadataServer.Shared.UrlFor(_network.Gateway, shell.Id)}");
        }

        if (!image.Noxs)
        {
            env.Add($"{GuestVariables.Address}={shell.Endpoint.Address}");
            env.Add(string.Create(CultureInfo.InvariantCulture, $"{GuestVariables.Port}={shell.Endpoint.Port}"));
            env.Add($"{GuestVariables.Service}={shell.Spec.Service}");
        }

        return env;
    }

    /// <summary><c>runc create</c> with our pipes as the container's stdio; the init process waits for <c>runc start</c>.</summary>
    private async Task CreateAsync(OciShell shell, CancellationToken cancellationToken)
    {
        string[] args = ["create", "--bundle", shell.Bundle, "--pid-file", Path.Combine(shell.Bundle, "pid"), shell.ContainerId];
        var creator = RuncCommand.Start(_options, args, redirectInput: true);
        shell.Creator = creator;
        shell.Pumps = ConsolePump.RunAsync(creator.StandardOutput, creator.StandardError, shell.ConsolePath, shell.Output);
        _ = shell.Pumps.ContinueWith(_ => shell.SetExited("container exited (its console closed)"), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await RuncCommand.WaitAsync(creator, _options.CommandTimeout, args, cancellationToken).ConfigureAwait(false);
        if (creator.ExitCode != 0)
        {
            await Task.WhenAny(shell.Pumps, Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken)).ConfigureAwait(false);
            throw new GuestStartException($"runc create failed (exit {creator.ExitCode}) for '{shell.Spec.Service}': {shell.ConsoleTail()}");
        }

        shell.Pid = int.Parse((await File.ReadAllTextAsync(Path.Combine(shell.Bundle, "pid"), cancellationToken).ConfigureAwait(false)).Trim(), CultureInfo.InvariantCulture);
    }

    private async Task StartAsync(OciShell shell, CancellationToken cancellationToken)
    {
        await RuncCommand.RunAsync(_options, _options.CommandTimeout, cancellationToken, "start", shell.ContainerId).ConfigureAwait(false);
        shell.Started = true;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Prepared {Driver} shell {ShellId} for {Service}: pid {Pid}, endpoint {Endpoint}")]
    private partial void LogPrepared(string service, Guid shellId, int pid, IPEndPoint endpoint, string driver);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Debug, Message = "Destroyed container shell {ShellId} of {Service}")]
    private partial void LogDestroyed(string service, Guid shellId);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Destroying container shell {ShellId} of {Service}: {Problem}")]
    private partial void LogDestroyProblem(string service, Guid shellId, string problem);
}
