using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LightVm.Toolstack.Native;

/// <summary>
/// A child started with posix_spawn in its own process group, with a pipe on its standard input, one pipe for
/// its standard output and error, and extra descriptors placed at 3, 4, ... The runtime does not reap children it
/// did not start, so <see cref="Exited"/> comes from a thread of our own blocked in waitpid.
/// </summary>
internal sealed unsafe class SpawnedProcess : IDisposable
{
    public const int SigKill = 9;
    public const int SigStop = 19;
    public const int SigCont = 18;
    public const int SigTerm = 15;

    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SpawnedProcess(int pid, SafeFileHandle stdin, SafePipeHandle output)
    {
        Pid = pid;
        StandardInput = new FileStream(stdin, FileAccess.Write, 1);

        // A pipe stream, not a FileStream: its asynchronous reads wait in epoll. A FileStream's "asynchronous"
        // read of a pipe is a blocking read on a thread-pool thread, one per guest console: past a few guests
        // the pool starves and each new console pump waited for the pool's thread injection (about 0.5 s),
        // which showed as guest boots quantised to 0.5 s steps.
        Output = new AnonymousPipeClientStream(PipeDirection.In, output);
        var reaper = new Thread(Reap) { IsBackground = true, Name = $"reap-{pid}" };
        reaper.Start();
    }

    public int Pid { get; }

    /// <summary>The child's standard input (write end).</summary>
    public FileStream StandardInput { get; }

    /// <summary>The child's standard output and error, merged (read end).</summary>
    public Stream Output { get; }

    /// <summary>Completes with the wait status text ("exit 0", "signal 9") when the child is gone.</summary>
    public Task<int> Exited => _exited.Task;

    public static SpawnedProcess Start(string path, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, IReadOnlyList<SafeHandle> extraDescriptors)
    {
        var stdin = stackalloc int[2];
        var output = stackalloc int[2];
        if (PosixSpawn.Pipe2(stdin, PosixSpawn.OCloexec) != 0)
        {
            throw new IOException($"pipe2: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        if (PosixSpawn.Pipe2(output, PosixSpawn.OCloexec) != 0)
        {
            PosixSpawn.Close(stdin[0]);
            PosixSpawn.Close(stdin[1]);
            throw new IOException($"pipe2: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        var actions = NativeMemory.AllocZeroed(PosixSpawn.ActionsSize);
        var attributes = NativeMemory.AllocZeroed(PosixSpawn.AttributesSize);
        var sigset = NativeMemory.AllocZeroed(PosixSpawn.SigsetSize);
        var argv = ToCStrings([path, .. args]);
        var envp = ToCStrings(environment.Select(pair => $"{pair.Key}={pair.Value}").ToList());
        var added = new List<SafeHandle>();
        try
        {
            PosixSpawn.FileActionsInit(actions);
            PosixSpawn.FileActionsAddDup2(actions, stdin[0], 0);
            PosixSpawn.FileActionsAddDup2(actions, output[1], 1);
            PosixSpawn.FileActionsAddDup2(actions, output[1], 2);
            for (var i = 0; i < extraDescriptors.Count; i++)
            {
                var success = false;
                extraDescriptors[i].DangerousAddRef(ref success);
                added.Add(extraDescriptors[i]);
                PosixSpawn.FileActionsAddDup2(actions, (int)extraDescriptors[i].DangerousGetHandle(), 3 + i);
            }

            PosixSpawn.AttributesInit(attributes);
            PosixSpawn.AttributesSetFlags(attributes, PosixSpawn.SetPgroup | PosixSpawn.SetSigMask | PosixSpawn.SetSigDefault);
            PosixSpawn.AttributesSetPgroup(attributes, 0);
            PosixSpawn.SigEmptySet(sigset);
            PosixSpawn.AttributesSetSigMask(attributes, sigset);
            PosixSpawn.SigFillSet(sigset); // every signal back to its default (the runtime ignores SIGPIPE, for one)
            PosixSpawn.AttributesSetSigDefault(attributes, sigset);

            int pid;
            var error = PosixSpawn.Spawn(&pid, path, actions, attributes, argv, envp);
            if (error != 0)
            {
                throw new IOException($"posix_spawn {path}: {PosixSpawn.ErrorText(error)}");
            }

            return new SpawnedProcess(pid, new SafeFileHandle(stdin[1], ownsHandle: true), new SafePipeHandle(output[0], ownsHandle: true));
        }
        catch
        {
            PosixSpawn.Close(stdin[1]);
            PosixSpawn.Close(output[0]);
            throw;
        }
        finally
        {
            // The child has its copies; ours of its ends go.
            PosixSpawn.Close(stdin[0]);
            PosixSpawn.Close(output[1]);
            foreach (var handle in added)
            {
                handle.DangerousRelease();
            }

            PosixSpawn.FileActionsDestroy(actions);
            PosixSpawn.AttributesDestroy(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(sigset);
            FreeCStrings(argv);
            FreeCStrings(envp);
        }
    }

    /// <summary>Sends <paramref name="signal"/> to the child's whole process group; false when it is gone.</summary>
    public bool SignalGroup(int signal) => PosixSpawn.Kill(-Pid, signal) == 0;

    public void Dispose()
    {
        StandardInput.Dispose();
        Output.Dispose();
    }

    private static byte** ToCStrings(List<string> values)
    {
        var array = (byte**)NativeMemory.AllocZeroed((nuint)(values.Count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < values.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(values[i]);
            var text = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
            bytes.CopyTo(new Span<byte>(text, bytes.Length));
            text[bytes.Length] = 0;
            array[i] = text;
        }

        return array;
    }

    private static void FreeCStrings(byte** array)
    {
        for (var i = 0; array[i] != null; i++)
        {
            NativeMemory.Free(array[i]);
        }

        NativeMemory.Free(array);
    }

    private void Reap()
    {
        int status;
        while (true)
        {
            var result = PosixSpawn.WaitPid(Pid, &status, 0);
            if (result == Pid)
            {
                _exited.TrySetResult(status);
                return;
            }

            if (Marshal.GetLastPInvokeError() != 4) // EINTR: again; anything else (ECHILD): reaped elsewhere
            {
                _exited.TrySetResult(-1);
                return;
            }
        }
    }

    /// <summary>"exit N", "signal N" or "unknown" for a wait status.</summary>
    public static string Describe(int status) =>
        status < 0 ? "reaped elsewhere" : (status & 0x7F) == 0 ? $"exit {(status >> 8) & 0xFF}" : $"signal {status & 0x7F}";
}
