using Microsoft.Win32.SafeHandles;

namespace LightVm.Devd.Netlink;

/// <summary>An owned POSIX file descriptor (a netlink socket or an open namespace file), closed exactly once.</summary>
internal sealed class FileDescriptor : SafeHandleMinusOneIsInvalid
{
    public FileDescriptor()
        : base(ownsHandle: true)
    {
    }

    public FileDescriptor(int fd)
        : base(ownsHandle: true)
    {
        SetHandle(fd);
    }

    /// <summary>The raw number, for attributes that carry a descriptor (IFLA_NET_NS_FD). Valid while this handle is alive.</summary>
    public int Number => (int)handle;

    protected override bool ReleaseHandle() => LibC.Close((int)handle) == 0;
}
