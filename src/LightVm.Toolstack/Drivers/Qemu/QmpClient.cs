using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// A client of QEMU's machine protocol over its unix socket: reads the greeting, leaves capabilities
/// negotiation mode, runs commands (each with an id and a timeout; several may be in flight) and raises
/// asynchronous events. When QEMU goes away every waiting command fails with a <see cref="QmpException"/> that
/// says so, and <see cref="Closed"/> completes. Reading and dispatching QEMU's messages: QmpClient.Reading.cs.
/// </summary>
public sealed partial class QmpClient : IAsyncDisposable
{
    private static readonly TimeSpan ConnectRetry = TimeSpan.FromMilliseconds(5);
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly string _socketPath;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentDictionary<long, Pending> _pending = new();
    private readonly QmpEventWaiters _eventWaiters;
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<JsonElement> _greeting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamReader _reader;
    private long _nextId;
    private Task _readLoop = Task.CompletedTask;

    private QmpClient(Socket socket, string socketPath, TimeProvider time)
    {
        _socket = socket;
        _socketPath = socketPath;
        _time = time;
        _eventWaiters = new QmpEventWaiters(socketPath);
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false), false, 16384, leaveOpen: true);
    }

    /// <summary>Raised on the reader's thread for every asynchronous event; handlers must be quick and must not throw.</summary>
    public event Action<QmpEvent>? EventReceived;

    /// <summary>QEMU's version from the greeting, e.g. "7.2.0".</summary>
    public string Version { get; private set; } = "?";

    /// <summary>Completes, with the reason, when the connection has ended.</summary>
    public Task<string> Closed => _closed.Task;

    /// <summary>
    /// Connects to <paramref name="socketPath"/> (retrying while QEMU has not created it yet), reads the greeting
    /// and sends <c>qmp_capabilities</c>. <paramref name="died"/> (QEMU's exit) stops the wait early with its reason.
    /// </summary>
    public static async Task<QmpClient> ConnectAsync(string socketPath, TimeSpan timeout, TimeProvider time, Task<string>? died, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        var deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
        Socket? socket = null;
        while (socket is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (died is { IsCompleted: true })
            {
                throw new QmpException($"QEMU exited ({await died.ConfigureAwait(false)}) before its QMP socket {socketPath} accepted a connection.");
            }

            var candidate = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await candidate.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                socket = candidate;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.ConnectionRefused or SocketError.AddressFamilyNotSupported || !File.Exists(socketPath))
            {
                candidate.Dispose();
                if (time.GetTimestamp() >= deadline)
                {
                    throw new QmpException($"No QMP server on {socketPath} after {timeout.TotalSeconds:0.###} s: {e.Message}", e);
                }

                await Task.Delay(ConnectRetry, time, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                candidate.Dispose();
                throw;
            }
        }

        var client = new QmpClient(socket, socketPath, time);
        try
        {
            client._readLoop = client.ReadLoopAsync();
            var remaining = TimeSpan.FromSeconds(Math.Max(0.001, (deadline - time.GetTimestamp()) / (double)time.TimestampFrequency));
            JsonElement greeting;
            try
            {
                greeting = await client._greeting.Task.WaitAsync(remaining, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                throw new QmpException($"{socketPath} accepted a connection but sent no QMP greeting within {timeout.TotalSeconds:0.###} s.", e);
            }

            client.Version = ReadVersion(greeting);
            await client.ExecuteAsync("qmp_capabilities", null, timeout, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> and returns its <c>return</c> value. Throws <see cref="QmpException"/> when QEMU
    /// answers with an error or the connection ends first, <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public async Task<JsonElement> ExecuteAsync(string command, JsonObject? arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        if (_closed.Task.IsCompleted)
        {
            throw new QmpException($"Cannot run '{command}': the QMP connection to {_socketPath} has ended ({_closed.Task.Result}).");
        }

        var id = Interlocked.Increment(ref _nextId);
        var pending = new Pending(command);
        _pending[id] = pending;
        try
        {
            if (_closed.Task.IsCompleted)
            {
                throw new QmpException($"Cannot run '{command}': the QMP connection to {_socketPath} has ended ({_closed.Task.Result}).");
            }

            var message = new JsonObject { ["execute"] = command, ["id"] = id };
            if (arguments is not null)
            {
                message["arguments"] = arguments.DeepClone();
            }

            var bytes = Encoding.UTF8.GetBytes(message.ToJsonString() + "\n");
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new QmpException($"Cannot send '{command}' to {_socketPath}: {e.Message} (QEMU exited?)", e);
            }
            finally
            {
                _writeGate.Release();
            }

            try
            {
                return await pending.Result.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"QEMU did not answer '{command}' on {_socketPath} within {timeout.TotalMilliseconds:0.#} ms.", e);
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// A task for the next event named <paramref name="name"/> from now on; it fails when the connection ends.
    /// Take it before the command that causes the event, then await it with a timeout.
    /// </summary>
    public Task<QmpEvent> NextEventAsync(string name) =>
        _eventWaiters.Add(name, () => _closed.Task.IsCompleted ? _closed.Task.Result : null);

    public async ValueTask DisposeAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone.
        }
        catch (ObjectDisposedException)
        {
            // Already gone.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // The loop ends on the closed socket.
        }

        Close("the client closed the connection");
        _reader.Dispose();
        _writeGate.Dispose();
    }

    private sealed class Pending(string command)
    {
        public string Command { get; } = command;

        public TaskCompletionSource<JsonElement> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
