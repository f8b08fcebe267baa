using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace LightVm.Devd;

/// <summary>
/// A tap Devd made and plugged: the open <c>/dev/net/tun</c> descriptor is the device. It is not persistent,
/// so closing the descriptor (here, and in the VM process that inherited it) removes the link: a VM that dies
/// takes its tap with it, and nothing has to be unplugged by name.
/// </summary>
public sealed class PluggedTap : IDisposable
{
    internal PluggedTap(string name, string bridge, bool isolated, SafeFileHandle handle)
    {
        Name = name;
        Bridge = bridge;
        Isolated = isolated;
        Handle = handle;
    }

    public string Name { get; }

    public string Bridge { get; }

    public bool Isolated { get; }

    /// <summary>The tun descriptor (close-on-exec: give it to the VM with a dup2 at spawn).</summary>
    public SafeHandle Handle { get; }

    public int Descriptor => (int)Handle.DangerousGetHandle();

    public void Dispose() => Handle.Dispose();
}
