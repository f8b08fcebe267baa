using LightVm.Noxs;
using LightVm.Toolstack;

namespace LightVm.Testing;

/// <summary>
/// An <see cref="IGuestDriver"/> without processes: prepare makes a <see cref="FakeShell"/>, execute makes its
/// endpoint listen, destroy closes it. Every call is recorded (with the time of <see cref="TimeProvider"/>),
/// and prepare or execute can be told to fail with a <see cref="GuestStartException"/>.
/// </summary>
public sealed class FakeGuestDriver : IGuestDriver
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<DriverCall> _calls = [];
    private readonly List<FakeShell> _shells = [];
    private int _failNextPrepares;

    public FakeGuestDriver(TimeProvider? time = null, string name = "fake", DriverCapabilities capabilities = DriverCapabilities.Pause)
    {
        _time = time ?? TimeProvider.System;
        Name = name;
        Capabilities = capabilities;
    }

    public string Name { get; }

    public DriverCapabilities Capabilities { get; }

    /// <summary>Every prepare fails while true.</summary>
    public bool FailAllPrepares { get; set; }

    /// <summary>Every execute fails while true.</summary>
    public bool FailExecute { get; set; }

    /// <summary>
    /// Runs synchronously at the start of every prepare, on the caller's thread, before anything else; a test can
    /// block it to stand for a driver whose prepare does its work synchronously (as the process driver's does).
    /// </summary>
    public Action? BeforePrepare { get; set; }

    /// <summary>Whether execute makes the shell's endpoint accept connections (the readiness probe then succeeds).</summary>
    public bool ListenOnExecute { get; set; } = true;

    public IReadOnlyList<DriverCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The shells prepared successfully, in order.</summary>
    public IReadOnlyList<FakeShell> Shells
    {
        get
        {
            lock (_lock)
            {
                return [.. _shells];
            }
        }
    }

    /// <summary>The ids of the shells destroyed (each once, however often destroy was called).</summary>
    public IReadOnlyCollection<Guid> Destroyed => [.. CallsOf(DriverOperation.Destroy).Select(c => c.ShellId).Distinct()];

    public IReadOnlyList<DriverCall> CallsOf(DriverOperation operation)
    {
        lock (_lock)
        {
            return [.. _calls.Where(c => c.Operation == operation)];
        }
    }

    /// <summary>The next <paramref name="count"/> prepares fail; later ones succeed again.</summary>
    public void FailNextPrepares(int count)
    {
        lock (_lock)
        {
            _failNextPrepares = count;
        }
    }

    public async Task<Shell> PrepareAsync(ShellSpec spec, CancellationToken cancellationToken)
    {
        BeforePrepare?.Invoke();
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (FailAllPrepares || _failNextPrepares > 0)
            {
                _failNextPrepares = Math.Max(0, _failNextPrepares - 1);
                _calls.Add(new DriverCall(DriverOperation.PrepareFailed, Guid.Empty, _time.GetUtcNow()));
                throw new GuestStartException($"Fake prepare of '{spec.Service}' failed.");
            }

            var shell = new FakeShell(spec, _time.GetUtcNow());
            _shells.Add(shell);
            _calls.Add(new DriverCall(DriverOperation.Prepare, shell.Id, _time.GetUtcNow()));
            return shell;
        }
    }

    public Task ExecuteAsync(Shell shell, DevicePage page, CancellationToken cancellationToken)
    {
        var fake = Cast(shell);
        if (FailExecute || fake.HasExited)
        {
            Record(DriverOperation.ExecuteFailed, shell);
            throw new GuestStartException(
                fake.HasExited ? $"Fake shell {shell.Id:N} died before execute." : $"Fake execute of {shell.Id:N} failed.");
        }

        Record(DriverOperation.Execute, shell);
        fake.Executed = true;
        if (ListenOnExecute)
        {
            fake.Listen();
        }

        return Task.CompletedTask;
    }

    public Task PauseAsync(Shell shell, CancellationToken cancellationToken)
    {
        Record(DriverOperation.Pause, shell);
        Cast(shell).Paused = true;
        return Task.CompletedTask;
    }

    public Task ResumeAsync(Shell shell, CancellationToken cancellationToken)
    {
        Record(DriverOperation.Resume, shell);
        Cast(shell).Paused = false;
        return Task.CompletedTask;
    }

    public Task DestroyAsync(Shell shell, CancellationToken cancellationToken)
    {
        Record(DriverOperation.Destroy, shell);
        Cast(shell).Release();
        return Task.CompletedTask;
    }

    private static FakeShell Cast(Shell shell) =>
        shell as FakeShell ?? throw new ArgumentException($"Shell {shell.Id:N} was not made by the fake driver.", nameof(shell));

    private void Record(DriverOperation operation, Shell shell)
    {
        lock (_lock)
        {
            _calls.Add(new DriverCall(operation, shell.Id, _time.GetUtcNow()));
        }
    }
}
