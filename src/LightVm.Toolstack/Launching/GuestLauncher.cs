using LightVm.Noxs;
using LightVm.Toolstack.Lifecycle;
using LightVm.Toolstack.Pool;

namespace LightVm.Toolstack.Launching;

/// <summary>
/// The one way a guest is launched (the Dom0 agent and the benchmarks alike): take a shell (from the pool, or
/// prepare one cold, or the prepared one given), build its device page, execute it, and wait until it answers
/// (<see cref="ReadinessProbe"/>), timing each phase. A launch that fails leaves nothing behind: the guest is
/// marked Failed and destroyed (or the bare shell destroyed), and the exception goes to the caller.
/// </summary>
public sealed class GuestLauncher
{
    private readonly GuestDriverCatalog _drivers;
    private readonly TimeProvider _time;
    private readonly ShellPool? _pool;

    /// <param name="drivers">The drivers shells are prepared and guests executed with.</param>
    /// <param name="time">The clock of the timings and the readiness deadline.</param>
    /// <param name="pool">Where shells are taken from; without one every shell is prepared cold.</param>
    public GuestLauncher(GuestDriverCatalog drivers, TimeProvider time, ShellPool? pool = null)
    {
        _drivers = drivers;
        _time = time;
        _pool = pool;
    }

    /// <summary>The failures a launch reports as "did not start" (the rest are bugs).</summary>
    public static bool IsStartFailure(Exception e) =>
        e is GuestStartException or GuestStateException or IOException or InvalidOperationException
            or UnauthorizedAccessException or OperationCanceledException;

    public async Task<LaunchResult> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var driver = _drivers.Get(request.Spec.Driver);
        var started = _time.GetTimestamp();
        Shell? shell = request.Prepared;
        Guest? guest = null;
        try
        {
            var cold = false;
            if (shell is null)
            {
                (shell, cold) = await TakeAsync(driver, request, cancellationToken).ConfigureAwait(false);
            }

            var shellMs = _time.GetElapsedTime(started).TotalMilliseconds;
            guest = new Guest(shell, driver, _time.GetUtcNow(), request.Instance);
            request.Created?.Invoke(guest);

            var phase = _time.GetTimestamp();
            await guest.ExecuteAsync(PageFor(guest, request), cancellationToken).ConfigureAwait(false);
            var executeMs = _time.GetElapsedTime(phase).TotalMilliseconds;

            phase = _time.GetTimestamp();
            var remaining = request.Timeout - _time.GetElapsedTime(started);
            await ReadinessProbe.WaitAsync(shell, remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1), _time, cancellationToken)
                .ConfigureAwait(false);
            var readyMs = _time.GetElapsedTime(phase).TotalMilliseconds;
            await guest.MarkReadyAsync().ConfigureAwait(false);
            var totalMs = _time.GetElapsedTime(started).TotalMilliseconds;
            return new LaunchResult
            {
                Guest = guest,
                ColdShell = cold,
                Timings = new LaunchTimings { ShellMs = shellMs, ExecuteMs = executeMs, ReadyMs = readyMs, TotalMs = totalMs },
            };
        }
        catch (Exception e)
        {
            await CleanUpAsync(driver, shell, guest, e.Message).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<(Shell Shell, bool Cold)> TakeAsync(IGuestDriver driver, LaunchRequest request, CancellationToken cancellationToken) =>
        _pool is not null
            ? await _pool.TakeAsync(request.Spec, cancellationToken, request.ColdWait).ConfigureAwait(false)
            : (await driver.PrepareAsync(request.Spec, cancellationToken).ConfigureAwait(false), true);

    private static DevicePage PageFor(Guest guest, LaunchRequest request)
    {
        try
        {
            return request.Page(guest);
        }
        catch (Exception e) when (e is not (GuestStartException or OperationCanceledException))
        {
            throw new GuestStartException(e.Message, e);
        }
    }

    private static async Task CleanUpAsync(IGuestDriver driver, Shell? shell, Guest? guest, string reason)
    {
        if (guest is not null)
        {
            await guest.TryMarkFailedAsync(reason).ConfigureAwait(false);
            try
            {
                await guest.DestroyAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (GuestStateException)
            {
                // Destroyed meanwhile (the agent stopping): nothing left to free.
            }
        }
        else if (shell is not null)
        {
            await driver.DestroyAsync(shell, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
