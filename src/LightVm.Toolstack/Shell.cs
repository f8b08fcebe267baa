using System.Net;
using System.Net.Sockets;
using LightVm.Noxs;

namespace LightVm.Toolstack;

/// <summary>
/// A prepared guest shell: created, resources reserved, waiting for its device page. Its id becomes the
/// guest's id. Driver-specific state lives in the driver's subclass.
/// </summary>
public abstract class Shell
{
    protected Shell(Guid id, ShellSpec spec, IPEndPoint endpoint, DateTimeOffset preparedAt)
    {
        Id = id;
        Spec = spec;
        Endpoint = endpoint;
        PreparedAt = preparedAt;
    }

    public Guid Id { get; }

    public ShellSpec Spec { get; }

    /// <summary>Where the guest's application will answer once executed.</summary>
    public IPEndPoint Endpoint { get; }

    public DateTimeOffset PreparedAt { get; }

    /// <summary>
    /// The address the guest's NIC gets from its device page. Usually the endpoint's own; a guest behind a forward
    /// (QEMU user-mode networking) has an address of its private network instead.
    /// </summary>
    public virtual IPAddress GuestAddress => Endpoint.Address;

    /// <summary>The prefix length of <see cref="GuestAddress"/>'s network.</summary>
    public virtual byte GuestPrefixLength => 8;

    /// <summary>The guest's default gateway, when it has one.</summary>
    public virtual IPAddress? GuestGateway => null;

    /// <summary>
    /// Whether the guest itself accepted <paramref name="connection"/>, just made to <see cref="Endpoint"/> by the readiness
    /// probe. True at once where the endpoint is the guest's own; a shell whose endpoint is a host-side forwarder that
    /// accepts before the guest listens (QEMU user-mode networking) finds out from the forwarder.
    /// </summary>
    public virtual Task<bool> GuestAcceptedAsync(Socket connection, TimeProvider time, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>Completes when the shell's process/VM is gone, with a description of how it ended.</summary>
    public abstract Task<string> Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    /// <summary>The page the guest was executed with (null while prepared); a later generation builds on it.</summary>
    public DevicePage? Page { get; internal set; }

    /// <summary>True while the driver holds the guest paused (it cannot react to its page then).</summary>
    public bool IsPaused { get; internal set; }

    /// <summary>
    /// How the guest's code runs on the host: "kvm" or "tcg" for QEMU, "uml" for a user-mode Linux kernel,
    /// "native" for the process and container drivers.
    /// </summary>
    public virtual string Accelerator => "native";

    /// <summary>The host process that is the guest (for memory figures), when there is one.</summary>
    public virtual int? HostPid => null;

    /// <summary>The last lines the guest wrote to its console, for error messages.</summary>
    public abstract string ConsoleTail(int lines = 10);
}
