using LightVm.Policies;

namespace LightVm.Gateway.Routing;

/// <summary>One place in a <see cref="HoldQueue"/>: wait on it, then dispose of it to give the place back.</summary>
internal sealed class Hold : IDisposable
{
    private readonly HoldQueue _queue;
    private readonly Task<Activation> _outcome;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly long _entered;
    private int _left;

    internal Hold(HoldQueue queue, Task<Activation> outcome, TimeSpan timeout, TimeProvider time)
    {
        _queue = queue;
        _outcome = outcome;
        _timeout = timeout;
        _time = time;
        _entered = time.GetTimestamp();
    }

    /// <summary>How long the hold has waited so far.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_entered);

    /// <summary>
    /// The route's outcome (with <see cref="Activation.Held"/> set), or a <see cref="ActivationKind.Timeout"/> once
    /// the hold's deadline passed. Throws <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public async Task<Activation> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            var remaining = _timeout - Elapsed;
            var outcome = remaining > TimeSpan.Zero
                ? await _outcome.WaitAsync(remaining, _time, cancellationToken).ConfigureAwait(false)
                : throw new TimeoutException();
            return outcome with { Held = Elapsed };
        }
        catch (TimeoutException)
        {
            return new Activation
            {
                Kind = ActivationKind.Timeout,
                Held = Elapsed,
                Reason = $"no guest for '{_queue.Route}' within startTimeout {Duration.Format(_timeout)}",
            };
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0)
        {
            _queue.Leave();
        }
    }
}
