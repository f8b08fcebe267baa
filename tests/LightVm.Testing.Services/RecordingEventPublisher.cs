using LightVm.Dom0.Events;

namespace LightVm.Testing.Services;

/// <summary>Keeps every event the agent publishes, in order; tests read them or wait for one.</summary>
public sealed class RecordingEventPublisher : IGuestEventPublisher
{
    private readonly Lock _lock = new();
    private readonly List<object> _published = [];
    private readonly List<(Func<object, bool> Match, TaskCompletionSource<object> Found)> _waiters = [];

    public IReadOnlyList<object> Published
    {
        get
        {
            lock (_lock)
            {
                return [.. _published];
            }
        }
    }

    public Task PublishAsync<T>(T message, CancellationToken cancellationToken)
        where T : class
    {
        List<TaskCompletionSource<object>> found = [];
        lock (_lock)
        {
            _published.Add(message);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(message))
                {
                    found.Add(_waiters[i].Found);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in found)
        {
            waiter.TrySetResult(message);
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<T> OfType<T>()
    {
        lock (_lock)
        {
            return [.. _published.OfType<T>()];
        }
    }

    /// <summary>
    /// The first event of type <typeparamref name="T"/> (matching <paramref name="match"/>) published so far or
    /// from now on. <paramref name="timeout"/> only guards against a hang; it is not what the test checks.
    /// </summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null)
        where T : class
    {
        bool Matches(object message) => message is T typed && (match is null || match(typed));

        var found = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_published.FirstOrDefault(Matches) is T already)
            {
                return already;
            }

            _waiters.Add((Matches, found));
        }

        var limit = timeout ?? TimeSpan.FromSeconds(30);
        try
        {
            return (T)await found.Task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"No {typeof(T).Name} was published within {limit.TotalSeconds:0} s; published: [{string.Join(", ", Published.Select(p => p.GetType().Name))}].");
        }
    }
}
