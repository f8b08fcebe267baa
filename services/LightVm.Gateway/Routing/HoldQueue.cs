namespace LightVm.Gateway.Routing;

/// <summary>
/// The requests and flows waiting for one route's guest: at most a capacity of them (maxHeld) at a time, each
/// until the route settles (<see cref="Release"/>: one outcome for all of them), its own deadline (startTimeout
/// from when it entered) passes, or it is cancelled. Thread-safe; time comes from the <see cref="TimeProvider"/>.
/// </summary>
internal sealed class HoldQueue(string route, TimeProvider time)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource<Activation>? _outcome;
    private int _count;

    /// <summary>The route (service or instance key) the holds wait for.</summary>
    public string Route { get; } = route;

    /// <summary>How many places are taken (holds not yet disposed).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>True when places are taken and their outcome is still owed (nobody released them yet).</summary>
    public bool IsOwed
    {
        get
        {
            lock (_lock)
            {
                return _count > 0 && _outcome is not null;
            }
        }
    }

    public bool HasRoom(int capacity) => Count < capacity;

    /// <summary>
    /// Takes a place when fewer than <paramref name="capacity"/> are taken: the hold waits for the next
    /// <see cref="Release"/>, at most <paramref name="timeout"/> from now. Null when the queue is full.
    /// </summary>
    public Hold? TryEnter(int capacity, TimeSpan timeout)
    {
        lock (_lock)
        {
            if (_count >= capacity)
            {
                return null;
            }

            _count++;
            _outcome ??= new TaskCompletionSource<Activation>(TaskCreationOptions.RunContinuationsAsynchronously);
            return new Hold(this, _outcome.Task, timeout, time);
        }
    }

    /// <summary>Every hold taken so far gets <paramref name="outcome"/>; holds taken later wait for the next release.</summary>
    public void Release(Activation outcome)
    {
        TaskCompletionSource<Activation>? released;
        lock (_lock)
        {
            released = _outcome;
            _outcome = null;
        }

        released?.TrySetResult(outcome);
    }

    /// <summary>Gives a place back (called once per hold, by <see cref="Hold.Dispose"/>).</summary>
    internal void Leave()
    {
        lock (_lock)
        {
            _count--;
        }
    }
}
