using System.Globalization;
using System.Net;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// QEMU's user-mode network (slirp) as every guest sees it: the guest is 10.0.2.15/24 behind a gateway 10.0.2.2
/// that is QEMU itself. Each guest has a slirp of its own, so all guests have the same address and none can reach
/// another; the host reaches a guest only through its forwarded port.
/// </summary>
internal static class QemuUserNetwork
{
    public const byte PrefixLength = 24;

    public static readonly IPAddress GuestAddress = IPAddress.Parse("10.0.2.15");

    public static readonly IPAddress Gateway = IPAddress.Parse("10.0.2.2");

    /// <summary>
    /// The <c>-netdev</c> value: slirp with one TCP forward from <paramref name="host"/> to the guest's
    /// <paramref name="guestPort"/>. <paramref name="restrict"/> (<c>restrict=on</c>) cuts the guest off from the host
    /// and the outside (no outbound connections, no DNS); forwards still work, which is all a service guest such as
    /// jit-web needs. Guests that must call out need it off.
    /// </summary>
    public static string Netdev(string id, IPEndPoint host, int guestPort, bool restrict) =>
        string.Create(CultureInfo.InvariantCulture, $"user,id={id},net=10.0.2.0/{PrefixLength},host={Gateway},restrict={(restrict ? "on" : "off")},hostfwd=tcp:{host.Address}:{host.Port}-{GuestAddress}:{guestPort}");

    /// <summary>
    /// True when slirp's connection table (the text of <c>info usernet</c>) has a TCP connection to the guest's
    /// <paramref name="guestPort"/> in state ESTABLISHED: the guest accepted a forwarded connection, so it listens.
    /// Rows: <c>TCP[STATE] FD source-address source-port dest-address dest-port recvq sendq</c>.
    /// </summary>
    public static bool GuestAccepted(string usernet, int guestPort)
    {
        ArgumentNullException.ThrowIfNull(usernet);
        var port = guestPort.ToString(CultureInfo.InvariantCulture);
        var guest = GuestAddress.ToString();
        foreach (var line in usernet.Split('\n'))
        {
            var columns = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length >= 6 && columns[0] == "TCP[ESTABLISHED]" && columns[4] == guest && columns[5] == port)
            {
                return true;
            }
        }

        return false;
    }
}
