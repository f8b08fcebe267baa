namespace LightVm.LoadTesting.Engine;

/// <summary>
/// When the i-th arrival of an open model is due, relative to the start of the run. Pure arithmetic, so the
/// schedule is the same whatever the system under test does (that is what makes the model open).
/// </summary>
public static class ArrivalSchedule
{
    /// <summary>The intended start of arrival <paramref name="index"/> (0-based); null when it falls past the limits.</summary>
    public static TimeSpan? Offset(LoadSimulation simulation, long index)
    {
        if (!simulation.IsOpen)
        {
            throw new InvalidOperationException("only open models (constant or ramping rate) have an arrival schedule");
        }

        if (index < 0 || (simulation.Iterations is { } limit && index >= limit))
        {
            return null;
        }

        var seconds = simulation.Kind == SimulationKind.ConstantRate
            ? index / simulation.Rate
            : RampingSeconds(simulation.Rate, simulation.EndRate, simulation.Duration!.Value.TotalSeconds, index);
        if (double.IsNaN(seconds))
        {
            return null;
        }

        var offset = TimeSpan.FromSeconds(seconds);
        return simulation.Duration is { } d && offset >= d ? null : offset;
    }

    /// <summary>
    /// The time t at which the cumulative number of arrivals of a linear ramp, N(t) = a t + (b - a) t^2 / (2T),
    /// reaches <paramref name="index"/>; NaN when the ramp never gets there.
    /// </summary>
    private static double RampingSeconds(double a, double b, double total, long index)
    {
        var slope = (b - a) / total;
        if (Math.Abs(slope) < 1e-12)
        {
            return a > 0 ? index / a : double.NaN;
        }

        var discriminant = (a * a) + (2 * slope * index);
        return discriminant < 0 ? double.NaN : (-a + Math.Sqrt(discriminant)) / slope;
    }
}
