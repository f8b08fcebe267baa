using Microsoft.Extensions.Logging;

namespace LightVm.Toolstack.Pool;

/// <summary>
/// Keeps prepared shells per service so the request path only executes (chaos's prepare phase). Refills in
/// the background with bounded concurrency; a shell that fails to prepare or dies in the pool is discarded,
/// never handed out; an empty pool falls back to a cold create, which is counted.
/// </summary>
public sealed partial class ShellPool : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly GuestDriverCatalog _drivers;
    private readonly TimeProvider _time;
    private readonly ILogger<ShellPool> _logger;
    private readonly SemaphoreSlim _concurrency;
    private readonly SemaphoreSlim _coldSlots;
    private readonly Dictionary<string, ServicePool> _pools = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _refills = [];
    private int _disposed;

    /// <param name="drivers">The drivers shells are made with.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="concurrency">Shells prepared at the same time in the background (refills).</param>
    /// <param name="coldConcurrency">
    /// Shells made at the same time on the request path when a pool is empty (0: four per processor; a cold create
    /// is partly waiting, on runc or a boot, so a few per core keep the cores busy). Many more at once only share the
    /// same cores: each takes longer, and under overload none finishes within its deadline.
    /// </param>
    public ShellPool(GuestDriverCatalog drivers, TimeProvider time, ILogger<ShellPool> logger, int concurrency = 2, int coldConcurrency = 0)
    {
        _drivers = drivers;
        _time = time;
        _logger = logger;
        _concurrency = new SemaphoreSlim(Math.Max(1, concurrency));
        ColdConcurrency = coldConcurrency > 0 ? coldConcurrency : 4 * Environment.ProcessorCount;
        _coldSlots = new SemaphoreSlim(ColdConcurrency, ColdConcurrency);
    }

    /// <summary>Shells made at the same time on the request path.</summary>
    public int ColdConcurrency { get; }

    /// <summary>Sets (or changes) the target size of a service's pool and starts filling it.</summary>
    public void Configure(ShellSpec spec, int target)
    {
        lock (_lock)
        {
            if (_pools.TryGetValue(spec.Service, out var pool))
            {
                pool.Spec = spec;
                pool.Target = target;
            }
            else
            {
                _pools[spec.Service] = new ServicePool(spec, target);
            }
        }

        Refill(spec.Service);
    }

    /// <summary>Takes a live prepared shell, or creates one cold when the pool is empty.</summary>
    /// <param name="spec">The service's shell.</param>
    /// <param name="cancellationToken">Cancels the take, including a cold prepare under way.</param>
    /// <param name="coldWait">
    /// How long a cold create may wait for one of the limited cold slots; past it the take fails with a
    /// <see cref="GuestStartException"/> and nothing is made (the request's deadline has passed).
    /// </param>
    public async Task<(Shell Shell, bool Cold)> TakeAsync(ShellSpec spec, CancellationToken cancellationToken, TimeSpan? coldWait = null)
    {
        ServicePool pool;
        lock (_lock)
        {
            if (!_pools.TryGetValue(spec.Service, out pool!))
            {
                pool = _pools[spec.Service] = new ServicePool(spec, 0);
            }
        }

        var driver = _drivers.Get(spec.Driver);
        try
        {
            while (pool.Ready.TryDequeue(out var shell))
            {
                if (!shell.HasExited)
                {
                    return (shell, false);
                }

                Interlocked.Increment(ref pool.Discarded);
                LogDiscarded(spec.Service, shell.Id, await shell.Exited.ConfigureAwait(false));
                await driver.DestroyAsync(shell, CancellationToken.None).ConfigureAwait(false);
            }

            var wait = coldWait switch
            {
                null => Timeout.InfiniteTimeSpan,
                { } w when w > TimeSpan.Zero => w,
                _ => TimeSpan.Zero,
            };
            if (!await _coldSlots.WaitAsync(wait, cancellationToken).ConfigureAwait(false))
            {
                throw new GuestStartException(
                    $"The pool for '{spec.Service}' is empty and all {ColdConcurrency} cold slots stayed busy for {wait.TotalMilliseconds:0} ms: no shell made.");
            }

            try
            {
                Interlocked.Increment(ref pool.ColdCreates);
                LogCold(spec.Service);
                return (await driver.PrepareAsync(spec, cancellationToken).ConfigureAwait(false), true);
            }
            finally
            {
                _coldSlots.Release();
            }
        }
        finally
        {
            Refill(spec.Service);
        }
    }

    public ShellPoolStats Stats(string service)
    {
        lock (_lock)
        {
            return _pools.TryGetValue(service, out var pool)
                ? new ShellPoolStats
                {
                    Service = service,
                    Ready = pool.Ready.Count,
                    Target = pool.Target,
                    Prepared = Interlocked.Read(ref pool.Prepared),
                    ColdCreates = Interlocked.Read(ref pool.ColdCreates),
                    Failures = Interlocked.Read(ref pool.Failures),
                    Discarded = Interlocked.Read(ref pool.Discarded),
                    LastError = pool.LastError,
                }
                : new ShellPoolStats { Service = service, Ready = 0, Target = 0, Prepared = 0, ColdCreates = 0, Failures = 0, Discarded = 0 };
        }
    }

    /// <summary>Waits until every pool holds its target (or <paramref name="timeout"/> passes). For start-up and benchmarks.</summary>
    public async Task<bool> WaitFilledAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = _time.GetUtcNow() + timeout;
        while (_time.GetUtcNow() < until)
        {
            bool filled;
            lock (_lock)
            {
                filled = _pools.Values.All(p => p.Ready.Count >= p.Target || p.ConsecutiveFailures > 0);
            }

            if (filled)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), _time, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Stops refilling and destroys every pooled shell. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] refills;
        lock (_lock)
        {
            refills = [.. _refills];
        }

        await Task.WhenAll(refills).ConfigureAwait(false);
        List<ServicePool> pools;
        lock (_lock)
        {
            pools = [.. _pools.Values];
        }

        // All at once: a prepared VM shell is paused and cannot power off through its page, so each destroy waits
        // out its grace; one after the other, a platform's pools outlasted the host's shutdown timeout and were left.
        var destroys = new List<Task>();
        foreach (var pool in pools)
        {
            var driver = _drivers.Get(pool.Spec.Driver);
            while (pool.Ready.TryDequeue(out var shell))
            {
                destroys.Add(driver.DestroyAsync(shell, CancellationToken.None));
            }
        }

        await Task.WhenAll(destroys).ConfigureAwait(false);

    }

    private void Refill(string service)
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested || !_pools.TryGetValue(service, out var pool))
            {
                return;
            }

            var missing = pool.Target - pool.Ready.Count - pool.InFlight;
            for (var i = 0; i < missing; i++)
            {
                pool.InFlight++;
                // Off the caller's thread: a take on the request path must not pay for the refill's fork/exec.
                var task = Task.Run(() => PrepareOneAsync(pool));
                _refills.Add(task);
                _ = task.ContinueWith(
                    t =>
                    {
                        lock (_lock)
                        {
                            _refills.Remove(t);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
    }

    private async Task PrepareOneAsync(ServicePool pool)
    {
        var token = _stopping.Token;
        var refillAgain = false;
        try
        {
            var backoff = pool.ConsecutiveFailures == 0
                ? TimeSpan.Zero
                : TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, pool.ConsecutiveFailures)));
            if (backoff > TimeSpan.Zero)
            {
                await Task.Delay(backoff, _time, token).ConfigureAwait(false);
            }

            await _concurrency.WaitAsync(token).ConfigureAwait(false);
            try
            {
                var shell = await _drivers.Get(pool.Spec.Driver).PrepareAsync(pool.Spec with { Background = true }, token).ConfigureAwait(false);
                Interlocked.Increment(ref pool.Prepared);
                pool.Ready.Enqueue(shell);
                pool.ConsecutiveFailures = 0;
            }
            finally
            {
                _concurrency.Release();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref pool.Failures);
            pool.ConsecutiveFailures++;
            pool.LastError = e.Message;
            LogPrepareFailed(pool.Spec.Service, e.Message);
            refillAgain = true;
        }
        finally
        {
            lock (_lock)
            {
                pool.InFlight--;
            }
        }

        if (refillAgain)
        {
            Refill(pool.Spec.Service);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Pool for {Service} is empty: creating a shell cold on the request path")]
    private partial void LogCold(string service);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Pooled shell {ShellId} of {Service} died in the pool ({How}); discarded")]
    private partial void LogDiscarded(string service, Guid shellId, string how);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Preparing a shell for {Service} failed: {Error}")]
    private partial void LogPrepareFailed(string service, string error);
}
