using LightVm.Devd.Netlink;

namespace LightVm.Devd;

/// <summary>
/// A kernel call made by Devd failed: an rtnetlink request answered with NLMSG_ERROR, or a syscall on the way
/// (socket, setns, opening a namespace). The message names the operation, the errno text and, when the kernel
/// sent one, its extended-ack message.
/// </summary>
public sealed class NetlinkException : IOException
{
    public NetlinkException(string operation, int errorNumber, string? kernelMessage = null)
        : base(Format(operation, errorNumber, kernelMessage))
    {
        Operation = operation;
        ErrorNumber = errorNumber;
        KernelMessage = kernelMessage;
    }

    public NetlinkException(string message)
        : base(message)
    {
        Operation = string.Empty;
    }

    public NetlinkException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = string.Empty;
    }

    public NetlinkException()
        : this("A netlink operation failed.")
    {
    }

    /// <summary>What Devd was doing, e.g. "create veth pair lv0a1b2c3d4e/eth0".</summary>
    public string Operation { get; }

    /// <summary>The positive errno value (ENODEV = 19, EEXIST = 17, ...).</summary>
    public int ErrorNumber { get; }

    /// <summary>errno symbol, e.g. "ENODEV".</summary>
    public string ErrorName => Errno.Name(ErrorNumber);

    /// <summary>The kernel's extended-ack text (NLMSGERR_ATTR_MSG), if it sent one.</summary>
    public string? KernelMessage { get; }

    private static string Format(string operation, int errorNumber, string? kernelMessage)
    {
        var hint = errorNumber switch
        {
            Errno.EPERM or Errno.EACCES => " (needs root / CAP_NET_ADMIN and CAP_SYS_ADMIN)",
            Errno.EXFULL when operation.Contains("bridge", StringComparison.Ordinal) =>
                " (a Linux bridge holds at most 1024 ports, BR_MAX_PORTS: this host's bridge has no room for another guest)",
            _ => string.Empty,
        };
        var kernel = string.IsNullOrEmpty(kernelMessage) ? string.Empty : $"; kernel says: {kernelMessage}";
        return $"Devd: {operation} failed: {Errno.Text(errorNumber)} ({Errno.Name(errorNumber)}){hint}{kernel}.";
    }
}
