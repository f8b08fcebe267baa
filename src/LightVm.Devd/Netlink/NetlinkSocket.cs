using System.Runtime.InteropServices;

namespace LightVm.Devd.Netlink;

/// <summary>
/// A raw AF_NETLINK/NETLINK_ROUTE socket, bound in the network namespace of the thread that opened it (and it
/// stays there whatever thread uses it later). Not thread-safe: Devd opens one per operation.
/// </summary>
internal sealed unsafe class NetlinkSocket : IDisposable
{
    private const int ReceiveBufferLength = 64 * 1024;
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);
    private static int _lastSequence = Environment.TickCount;

    private readonly FileDescriptor _fd;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferLength];

    private NetlinkSocket(FileDescriptor fd)
    {
        _fd = fd;
    }

    /// <summary>Opens and binds a socket in the calling thread's network namespace.</summary>
    public static NetlinkSocket Open()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Devd's rtnetlink client only supports little-endian hosts.");
        }

        var raw = LibC.Socket(LibC.AfNetlink, LibC.SockRaw | LibC.SockCloexec, LibC.NetlinkRoute);
        if (raw < 0)
        {
            throw new NetlinkException("open an AF_NETLINK/NETLINK_ROUTE socket", Marshal.GetLastPInvokeError());
        }

        var fd = new FileDescriptor(raw);
        try
        {
            // Best effort: extended acks carry the kernel's own explanation; capped acks keep replies small.
            var one = 1;
            _ = LibC.SetSockOpt(fd, LibC.SolNetlink, LibC.NetlinkExtAck, &one, sizeof(int));
            _ = LibC.SetSockOpt(fd, LibC.SolNetlink, LibC.NetlinkCapAck, &one, sizeof(int));

            // Bound every wait for the kernel: a reply that never comes becomes an error, not a hang.
            var timeval = stackalloc nint[2];
            timeval[0] = (nint)ReplyTimeout.TotalSeconds;
            timeval[1] = 0;
            if (LibC.SetSockOpt(fd, LibC.SolSocket, LibC.SoRcvtimeo, timeval, (uint)(2 * sizeof(nint))) != 0)
            {
                throw new NetlinkException("set SO_RCVTIMEO on the netlink socket", Marshal.GetLastPInvokeError());
            }

            // struct sockaddr_nl { u16 family; u16 pad; u32 pid = 0 (kernel assigns); u32 groups = 0 }.
            var address = stackalloc byte[12];
            new Span<byte>(address, 12).Clear();
            address[0] = LibC.AfNetlink;
            if (LibC.Bind(fd, address, 12) != 0)
            {
                throw new NetlinkException("bind the netlink socket", Marshal.GetLastPInvokeError());
            }

            return new NetlinkSocket(fd);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Process-wide increasing sequence numbers (unique across concurrent operations, handy in traces).</summary>
    public static uint NextSequence() => unchecked((uint)Interlocked.Increment(ref _lastSequence));

    /// <summary>
    /// Sends one request and collects the kernel's answer: data messages until the ACK (NLMSG_ERROR with
    /// error 0) or, for dumps, NLMSG_DONE. A negative NLMSG_ERROR throws a <see cref="NetlinkException"/>
    /// naming <paramref name="operation"/>.
    /// </summary>
    public List<NetlinkMessage> Transact(NetlinkMessageWriter request, string operation)
    {
        Send(request.Complete(), operation);
        var replies = new List<NetlinkMessage>();
        var batch = new List<NetlinkMessage>();
        while (true)
        {
            batch.Clear();
            NetlinkMessageReader.ReadDatagram(Receive(operation), batch);
            foreach (var message in batch)
            {
                if (message.Sequence != request.Sequence)
                {
                    continue; // a stale answer to an earlier request on this socket
                }

                switch (message.Type)
                {
                    case Rtnl.NlmsgError:
                        var (errno, kernelMessage) = NetlinkMessageReader.ReadError(message);
                        if (errno != 0)
                        {
                            throw new NetlinkException(operation, errno, kernelMessage);
                        }

                        return replies;
                    case Rtnl.NlmsgDone:
                        return replies;
                    case Rtnl.NlmsgNoop:
                        break;
                    case Rtnl.NlmsgOverrun:
                        throw new NetlinkException($"Devd: {operation} failed: netlink reported a data overrun.");
                    default:
                        replies.Add(message);
                        break;
                }
            }
        }
    }

    public void Dispose() => _fd.Dispose();

    private void Send(ReadOnlySpan<byte> message, string operation)
    {
        fixed (byte* bytes = message)
        {
            while (true)
            {
                var sent = LibC.Send(_fd, bytes, (nuint)message.Length, 0);
                if (sent == message.Length)
                {
                    return;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (sent < 0 && errno == Errno.EINTR)
                {
                    continue;
                }

                throw sent < 0
                    ? new NetlinkException(operation + " (send)", errno)
                    : new NetlinkException($"Devd: {operation} failed: short netlink send ({sent} of {message.Length} bytes).");
            }
        }
    }

    private ReadOnlySpan<byte> Receive(string operation)
    {
        fixed (byte* bytes = _receiveBuffer)
        {
            while (true)
            {
                var received = LibC.Recv(_fd, bytes, (nuint)_receiveBuffer.Length, LibC.MsgTrunc);
                if (received >= 0)
                {
                    if (received > _receiveBuffer.Length)
                    {
                        throw new NetlinkException($"Devd: {operation} failed: a {received}-byte netlink reply did not fit the {_receiveBuffer.Length}-byte buffer.");
                    }

                    return _receiveBuffer.AsSpan(0, (int)received);
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                if (errno == Errno.EAGAIN)
                {
                    throw new NetlinkException($"Devd: {operation} failed: no reply from the kernel within {ReplyTimeout.TotalSeconds:0} s.");
                }

                throw new NetlinkException(operation + " (recv)", errno);
            }
        }
    }
}
