using System.Net;
using System.Net.Sockets;
using LightVm.Toolstack;

namespace LightVm.Testing;

/// <summary>
/// A shell with no process behind it. It owns a socket bound to 127.0.0.1 and a free port, so its endpoint is
/// real: connections are refused until <see cref="Listen"/> (the driver's execute) and again after
/// <see cref="Crash"/> or destroy. <see cref="Exited"/> completes on either.
/// </summary>
public sealed class FakeShell : Shell
{
    private readonly TaskCompletionSource<string> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Socket _socket;
    private readonly Lock _lock = new();
    private bool _listening;
    private bool _closed;

    public FakeShell(ShellSpec spec, DateTimeOffset preparedAt)
        : this(Guid.NewGuid(), spec, preparedAt, BindLoopback())
    {
    }

    private FakeShell(Guid id, ShellSpec spec, DateTimeOffset preparedAt, Socket socket)
        : base(id, spec, (IPEndPoint)socket.LocalEndPoint!, preparedAt)
    {
        _socket = socket;
    }

    public override Task<string> Exited => _exited.Task;

    public bool IsListening
    {
        get
        {
            lock (_lock)
            {
                return _listening;
            }
        }
    }

    public bool Executed { get; internal set; }

    public bool Paused { get; internal set; }

    public bool Destroyed { get; private set; }

    /// <summary>Starts accepting connections on <see cref="Shell.Endpoint"/> (the guest's app is up).</summary>
    public void Listen()
    {
        lock (_lock)
        {
            if (_closed || _listening)
            {
                return;
            }

            _socket.Listen(64);
            _listening = true;
        }
    }

    /// <summary>The guest dies on its own: the endpoint stops answering and <see cref="Exited"/> completes.</summary>
    public void Crash(string how = "crashed (fake)") => Close(how);

    public override string ConsoleTail(int lines = 10) => $"(fake console of {Id:N})";

    internal void Release()
    {
        Destroyed = true;
        Close("destroyed");
    }

    private void Close(string how)
    {
        lock (_lock)
        {
            if (!_closed)
            {
                _closed = true;
                _listening = false;
                _socket.Dispose();
            }
        }

        _exited.TrySetResult(how);
    }

    private static Socket BindLoopback()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
