namespace LightVm.Testing;

/// <summary>Waits for background work (pool refills, event handlers) to reach a state; never measures time.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> until true; fails after <paramref name="limit"/> (a hang guard only).</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? DefaultLimit);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Gave up waiting for: {what}.");
            }

            await Task.Delay(2).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Like <see cref="TrueAsync"/>, but calls <paramref name="step"/> (e.g. advancing a fake clock) between polls,
    /// for background work that waits on a <see cref="TimeProvider"/>.
    /// </summary>
    public static async Task TrueAsync(Func<bool> condition, Action step, string what, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? DefaultLimit);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Gave up waiting for: {what}.");
            }

            step();
            await Task.Delay(2).ConfigureAwait(false);
        }
    }
}
