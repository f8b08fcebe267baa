using System.Runtime.InteropServices;

namespace LightVm.Devd.Netlink;

/// <summary>
/// The few libc calls the rtnetlink client needs. Constants are the Linux x86_64/arm64 values
/// (asm-generic); the library only runs on 64-bit little-endian Linux.
/// </summary>
internal static unsafe partial class LibC
{
    public const int AfNetlink = 16;
    public const int SockRaw = 3;
    public const int SockCloexec = 0x80000;
    public const int NetlinkRoute = 0;

    public const int SolSocket = 1;
    public const int SoRcvtimeo = 20;
    public const int SolNetlink = 270;
    public const int NetlinkCapAck = 10;
    public const int NetlinkExtAck = 11;

    public const int MsgTrunc = 0x20;

    public const int ORdonly = 0;
    public const int OCloexec = 0x80000;

    public const int CloneNewNet = 0x40000000;

    public const int AtEmptyPath = 0x1000;
    public const uint StatxIno = 0x100;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(SafeHandle fd, byte* address, uint addressLength);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(SafeHandle fd, int level, int name, void* value, uint valueLength);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(SafeHandle fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(SafeHandle fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(SafeHandle fd, int nsType);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(SafeHandle dirFd, string path, int flags, uint mask, byte* buffer);

    public const int ORdwr = 2;
    public const ulong TunSetIff = 0x400454CA;
    public const short IffTap = 0x0002;
    public const short IffNoPi = 0x1000;

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(SafeHandle fd, ulong request, void* argument);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
