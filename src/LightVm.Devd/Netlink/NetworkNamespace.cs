using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LightVm.Devd.Netlink;

/// <summary>
/// Network-namespace plumbing: open a namespace file, identify it, and run code on a dedicated OS thread that
/// has entered it with setns(CLONE_NEWNET). setns only moves the calling thread, so the thread pool is never
/// touched; the dedicated thread returns to its original namespace before it ends.
/// </summary>
internal static unsafe class NetworkNamespace
{
    /// <summary>The calling thread's own network namespace.</summary>
    public const string CurrentThreadPath = "/proc/thread-self/ns/net";

    public static FileDescriptor Open(string path, string operation)
    {
        var fd = LibC.Open(path, LibC.ORdonly | LibC.OCloexec);
        return fd >= 0 ? new FileDescriptor(fd) : throw new NetlinkException(operation, Marshal.GetLastPInvokeError());
    }

    public static NamespaceId Identify(FileDescriptor fd, string operation)
    {
        // struct statx is 256 bytes: stx_ino at 32, stx_dev_major at 136, stx_dev_minor at 140.
        var buffer = stackalloc byte[256];
        if (LibC.Statx(fd, string.Empty, LibC.AtEmptyPath, LibC.StatxIno, buffer) != 0)
        {
            throw new NetlinkException(operation, Marshal.GetLastPInvokeError());
        }

        var span = new ReadOnlySpan<byte>(buffer, 256);
        return new NamespaceId(
            BinaryPrimitives.ReadUInt32LittleEndian(span[136..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[140..]),
            BinaryPrimitives.ReadUInt64LittleEndian(span[32..]));
    }

    /// <summary>The identity of the calling thread's network namespace.</summary>
    public static NamespaceId Current()
    {
        using var fd = Open(CurrentThreadPath, "open " + CurrentThreadPath);
        return Identify(fd, "stat " + CurrentThreadPath);
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a new OS thread inside the namespace <paramref name="target"/> (opened from <paramref name="where"/>, a path), then
    /// moves that thread back. Objects created there that are bound to a namespace at creation (sockets) stay
    /// in the target namespace and can be used from any thread afterwards. If the thread cannot return to
    /// its namespace, the result is disposed and the call fails (the thread ends either way).
    /// </summary>
    public static Task<T> RunInsideAsync<T>(FileDescriptor target, string where, Func<T> action)
        where T : IDisposable
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                completion.SetResult(RunInside(target, where, action));
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "devd-netns",
        };
        thread.Start();
        return completion.Task;
    }

    private static T RunInside<T>(FileDescriptor target, string where, Func<T> action)
        where T : IDisposable
    {
        using var original = Open(CurrentThreadPath, "save the thread's own network namespace (" + CurrentThreadPath + ")");
        if (LibC.SetNs(target, LibC.CloneNewNet) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var hint = errno == Errno.EINVAL ? " (is it a network namespace file?)" : string.Empty;
            throw new NetlinkException($"enter the network namespace {where} with setns{hint}", errno);
        }

        T result;
        try
        {
            result = action();
        }
        catch
        {
            _ = LibC.SetNs(original, LibC.CloneNewNet);
            throw;
        }

        if (LibC.SetNs(original, LibC.CloneNewNet) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            result.Dispose();
            throw new NetlinkException($"return from the network namespace {where} to the thread's original one with setns", errno);
        }

        return result;
    }
}
