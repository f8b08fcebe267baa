using System.Text;
using LightVm.Devd.Netlink;
using Microsoft.Win32.SafeHandles;

namespace LightVm.Devd;

/// <summary>
/// Devd for VM guests: creates a tap with the tun ioctl (the descriptor is the device, see
/// <see cref="PluggedTap"/>), attaches it to the bridge down, marks the port isolated and checks it, then brings
/// it up, with rtnetlink, as <see cref="NetlinkNicPlugger"/> does for veths. Failure leaves nothing behind.
/// </summary>
public sealed class TapPlugger
{
    private const string HostWhere = "in the host netns";
    private const int IfreqSize = 40;

    public PluggedTap Plug(TapRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        using var host = RtnlClient.Open(HostWhere);
        var bridge = host.TryGetLink(request.Bridge)
            ?? throw new InvalidOperationException($"Devd: cannot plug tap {request.Name}: bridge '{request.Bridge}' does not exist {HostWhere} (call EnsureBridgeAsync first).");
        if (bridge.Kind != "bridge")
        {
            throw new InvalidOperationException($"Devd: cannot plug tap {request.Name}: '{request.Bridge}' is a {bridge.Kind ?? "plain"} link, not a bridge.");
        }

        var handle = OpenTap(request.Name);
        try
        {
            host.AttachToBridge(0, request.Name, bridge.Index, request.Bridge);
            var port = host.GetLink(request.Name);
            if (request.Isolated)
            {
                host.SetBridgePortIsolated(port.Index, request.Name, isolated: true);
                if (host.GetLink(request.Name).PortIsolated != true)
                {
                    throw new NetlinkException($"Devd: cannot plug tap {request.Name} isolated: the kernel does not report the bridge port flag set (needs Linux >= 4.18).");
                }
            }

            host.SetLinkUp(port.Index, request.Name);
            return new PluggedTap(request.Name, request.Bridge, request.Isolated, handle);
        }
        catch
        {
            handle.Dispose(); // not persistent: the link goes with the descriptor
            throw;
        }
    }

    private static unsafe SafeFileHandle OpenTap(string name)
    {
        var fd = LibC.Open("/dev/net/tun", LibC.ORdwr | LibC.OCloexec);
        if (fd < 0)
        {
            throw new IOException($"Devd: cannot open /dev/net/tun for tap {name}: {System.Runtime.InteropServices.Marshal.GetLastPInvokeErrorMessage()} (needs root or CAP_NET_ADMIN and the tun module).");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var request = stackalloc byte[IfreqSize];
        var span = new Span<byte>(request, IfreqSize);
        span.Clear();
        Encoding.ASCII.GetBytes(name, span[..15]);
        *(short*)(request + 16) = LibC.IffTap | LibC.IffNoPi;
        if (LibC.Ioctl(handle, LibC.TunSetIff, request) != 0)
        {
            var error = System.Runtime.InteropServices.Marshal.GetLastPInvokeErrorMessage();
            handle.Dispose();
            throw new IOException($"Devd: TUNSETIFF {name}: {error}");
        }

        return handle;
    }
}
