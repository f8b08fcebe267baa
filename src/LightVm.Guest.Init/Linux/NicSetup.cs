using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LightVm.Noxs;

namespace LightVm.Guest.Init.Linux;

/// <summary>
/// Configures the guest's NIC from its page with the classic socket ioctls (no netlink, no <c>ip</c> binary in
/// the image): loopback up, the page's MAC when the device has another one, address and netmask, link up, default
/// route through the page's gateway. The host gives the MAC to the virtual device on the VM's command line too, but
/// a VM restored from a snapshot of a pre-booted shell keeps the MAC of the shell it was cloned from: setting the
/// page's MAC keeps clones apart on the bridge.
/// </summary>
internal static unsafe class NicSetup
{
    private const ulong SiocGetFlags = 0x8913;
    private const ulong SiocSetFlags = 0x8914;
    private const ulong SiocSetAddress = 0x8916;
    private const ulong SiocSetNetmask = 0x891C;
    private const ulong SiocAddRoute = 0x890B;
    private const ulong SiocSetHardwareAddress = 0x8924;
    private const ushort ArphrdEther = 1;
    private const short IffUp = 0x1;
    private const ushort RtfUp = 0x1;
    private const ushort RtfGateway = 0x2;
    private const int IfreqSize = 40;
    private const int RtentrySize = 120;

    /// <summary>
    /// The interface the page describes: the one whose MAC is the page's (the host set it on the virtual device),
    /// else the first Ethernet interface that is not loopback (tunnels such as sit0 or ip6tnl0 never qualify).
    /// </summary>
    public static string? FindInterface(byte[] mac, string sysClassNet = "/sys/class/net")
    {
        if (!Directory.Exists(sysClassNet))
        {
            return null;
        }

        var wanted = string.Join(':', mac.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        var ethernet = Directory.GetFileSystemEntries(sysClassNet)
            .Select(path => (Name: Path.GetFileName(path), Path: path))
            .Where(link => link.Name != "lo" && Read(Path.Combine(link.Path, "type")) == "1")
            .OrderBy(link => link.Name, StringComparer.Ordinal)
            .ToList();
        return ethernet.FirstOrDefault(link => string.Equals(Read(Path.Combine(link.Path, "address")), wanted, StringComparison.OrdinalIgnoreCase)).Name
            ?? ethernet.FirstOrDefault().Name;
    }

    public static void Configure(NicDevice nic)
    {
        if (nic.Address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new InitException($"the page's NIC address {nic.Address} is not IPv4");
        }

        var name = FindInterface(nic.Mac) ?? throw new InitException("the page has a NIC but the guest has no network interface");
        var fd = Libc.Socket(Libc.AfInet, Libc.SockDgram, 0);
        if (fd < 0)
        {
            throw new InitException($"socket(AF_INET): {Libc.LastError()}");
        }

        try
        {
            SetUp(fd, "lo");
            SetMacIfDifferent(fd, name, nic.Mac);
            SetAddress(fd, name, SiocSetAddress, nic.Address);
            SetAddress(fd, name, SiocSetNetmask, Netmask(nic.PrefixLength));
            SetUp(fd, name);
            if (nic.Gateway is not null)
            {
                AddDefaultRoute(fd, nic.Gateway);
            }
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    internal static IPAddress Netmask(byte prefixLength)
    {
        var mask = prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, mask);
        return new IPAddress(bytes);
    }

    private static void SetUp(int fd, string name)
    {
        var request = stackalloc byte[IfreqSize];
        WriteName(request, name);
        Check(Libc.Ioctl(fd, SiocGetFlags, request), $"SIOCGIFFLAGS {name}");
        var flags = (short)(*(short*)(request + 16) | IffUp);
        *(short*)(request + 16) = flags;
        Check(Libc.Ioctl(fd, SiocSetFlags, request), $"SIOCSIFFLAGS {name} up");
    }

    /// <summary>Best effort: a device that cannot change its MAC keeps its own (the host set it; only clones differ).</summary>
    private static void SetMacIfDifferent(int fd, string name, byte[] mac)
    {
        var wanted = string.Join(':', mac.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        if (string.Equals(Read($"/sys/class/net/{name}/address"), wanted, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var request = stackalloc byte[IfreqSize];
        WriteName(request, name);
        *(ushort*)(request + 16) = ArphrdEther;
        mac.CopyTo(new Span<byte>(request + 18, 6));
        if (Libc.Ioctl(fd, SiocSetHardwareAddress, request) != 0)
        {
            InitLog.Say($"cannot set MAC {wanted} on {name}: {Libc.LastError()} (keeping its own)");
        }
    }

    private static void SetAddress(int fd, string name, ulong request, IPAddress address)
    {
        var buffer = stackalloc byte[IfreqSize];
        WriteName(buffer, name);
        WriteSockaddr(buffer + 16, address);
        Check(Libc.Ioctl(fd, request, buffer), $"{(request == SiocSetAddress ? "SIOCSIFADDR" : "SIOCSIFNETMASK")} {name} {address}");
    }

    private static void AddDefaultRoute(int fd, IPAddress gateway)
    {
        var route = stackalloc byte[RtentrySize];
        new Span<byte>(route, RtentrySize).Clear();
        WriteSockaddr(route + 8, IPAddress.Any); // rt_dst
        WriteSockaddr(route + 24, gateway); // rt_gateway
        WriteSockaddr(route + 40, IPAddress.Any); // rt_genmask
        *(ushort*)(route + 56) = RtfUp | RtfGateway;
        Check(Libc.Ioctl(fd, SiocAddRoute, route), $"SIOCADDRT default via {gateway}");
    }

    private static void WriteName(byte* buffer, string name)
    {
        var span = new Span<byte>(buffer, IfreqSize);
        span.Clear();
        var written = Encoding.ASCII.GetBytes(name, span[..15]);
        span[written] = 0;
    }

    private static void WriteSockaddr(byte* target, IPAddress address)
    {
        var span = new Span<byte>(target, 16);
        span.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(span, Libc.AfInet);
        address.TryWriteBytes(span[4..8], out _);
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new InitException($"{what}: {Libc.LastError()}");
        }
    }
}
