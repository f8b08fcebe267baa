using System.Globalization;

namespace LightVm.LoadTesting.Engine;

/// <summary>
/// How iterations are started and when the run ends: a constant or ramping arrival rate (open model), or a
/// fixed number of clients (closed model), limited by a duration, an iteration count, or both (whichever
/// comes first).
/// </summary>
public sealed record LoadSimulation
{
    private LoadSimulation()
    {
    }

    public SimulationKind Kind { get; private init; }

    /// <summary>Arrivals per second at the start (open models).</summary>
    public double Rate { get; private init; }

    /// <summary>Arrivals per second at the end (ramping rate); equal to <see cref="Rate"/> otherwise.</summary>
    public double EndRate { get; private init; }

    /// <summary>Clients (closed model).</summary>
    public int Clients { get; private init; }

    public TimeSpan? Duration { get; private init; }

    public long? Iterations { get; private init; }

    public bool IsOpen => Kind is SimulationKind.ConstantRate or SimulationKind.RampingRate;

    public static LoadSimulation ConstantRate(double perSecond, TimeSpan? duration = null, long? iterations = null)
    {
        if (perSecond <= 0 || double.IsNaN(perSecond) || double.IsInfinity(perSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(perSecond), perSecond, "the rate must be a positive number of arrivals per second");
        }

        return Limited(new LoadSimulation { Kind = SimulationKind.ConstantRate, Rate = perSecond, EndRate = perSecond }, duration, iterations);
    }

    /// <summary>A new iteration every <paramref name="interval"/> ("a new client every 25 ms").</summary>
    public static LoadSimulation Every(TimeSpan interval, TimeSpan? duration = null, long? iterations = null) =>
        interval > TimeSpan.Zero
            ? ConstantRate(1 / interval.TotalSeconds, duration, iterations)
            : throw new ArgumentOutOfRangeException(nameof(interval), interval, "the interval must be positive");

    public static LoadSimulation RampingRate(double fromPerSecond, double toPerSecond, TimeSpan duration)
    {
        if (fromPerSecond < 0 || toPerSecond < 0 || fromPerSecond + toPerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fromPerSecond), "rates must be non-negative and not both zero");
        }

        return Limited(new LoadSimulation { Kind = SimulationKind.RampingRate, Rate = fromPerSecond, EndRate = toPerSecond }, duration, null);
    }

    public static LoadSimulation FixedConcurrency(int clients, TimeSpan? duration = null, long? iterations = null) =>
        clients > 0
            ? Limited(new LoadSimulation { Kind = SimulationKind.FixedConcurrency, Clients = clients }, duration, iterations)
            : throw new ArgumentOutOfRangeException(nameof(clients), clients, "at least one client");

    public override string ToString()
    {
        var limits = string.Join(" or ", new[]
        {
            Duration is { } d ? $"{d.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s" : null,
            Iterations is { } n ? $"{n} iterations" : null,
        }.Where(x => x is not null));
        return Kind switch
        {
            SimulationKind.ConstantRate => $"constant arrival rate {Rate.ToString("0.###", CultureInfo.InvariantCulture)}/s (one every {1000 / Rate:0.###} ms) for {limits}",
            SimulationKind.RampingRate => $"arrival rate ramping {Rate.ToString("0.###", CultureInfo.InvariantCulture)}/s -> {EndRate.ToString("0.###", CultureInfo.InvariantCulture)}/s over {limits}",
            _ => $"{Clients} concurrent clients (closed model) for {limits}",
        };
    }

    private static LoadSimulation Limited(LoadSimulation simulation, TimeSpan? duration, long? iterations)
    {
        if (duration is null && iterations is null)
        {
            throw new ArgumentException("a simulation needs a duration, an iteration limit, or both");
        }

        if (duration is { } d && d <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), d, "the duration must be positive");
        }

        if (iterations is { } n && n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), n, "the iteration limit must be positive");
        }

        return simulation with { Duration = duration, Iterations = iterations };
    }
}
