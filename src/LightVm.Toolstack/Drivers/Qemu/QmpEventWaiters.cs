namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// Who waits for which QMP event (<see cref="QmpClient.NextEventAsync"/>): completed by name as events arrive,
/// failed all at once, saying why, when the connection ends.
/// </summary>
internal sealed class QmpEventWaiters(string socketPath)
{
    private readonly List<(string Name, TaskCompletionSource<QmpEvent> Waiter)> _waiters = [];
    private readonly Lock _lock = new();

    /// <summary>A task for the next event named <paramref name="name"/>; failed at once when <paramref name="closedReason"/> says the connection has ended.</summary>
    public Task<QmpEvent> Add(string name, Func<string?> closedReason)
    {
        var waiter = new TaskCompletionSource<QmpEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (closedReason() is { } reason)
            {
                waiter.SetException(new QmpException($"No '{name}' event: the QMP connection to {socketPath} has ended ({reason})."));
            }
            else
            {
                _waiters.Add((name, waiter));
            }
        }

        return waiter.Task;
    }

    /// <summary>Completes (and forgets) every waiter for <paramref name="qmpEvent"/>'s name.</summary>
    public void Complete(QmpEvent qmpEvent)
    {
        List<TaskCompletionSource<QmpEvent>> ready = [];
        lock (_lock)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Name == qmpEvent.Name)
                {
                    ready.Add(_waiters[i].Waiter);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in ready)
        {
            waiter.TrySetResult(qmpEvent);
        }
    }

    /// <summary>Fails every waiter: the connection ended for <paramref name="reason"/>.</summary>
    public void FailAll(string reason)
    {
        List<(string Name, TaskCompletionSource<QmpEvent> Waiter)> waiters;
        lock (_lock)
        {
            waiters = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var (name, waiter) in waiters)
        {
            waiter.TrySetException(new QmpException($"No '{name}' event on {socketPath}: {reason}."));
        }
    }
}
