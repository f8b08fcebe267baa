namespace LightVm.LoadTesting.Engine;

/// <summary>The load models a run can use.</summary>
public enum SimulationKind
{
    /// <summary>Open model: a new iteration every 1/rate seconds, whether earlier ones finished or not.</summary>
    ConstantRate,

    /// <summary>Open model whose rate goes linearly from one value to another over the duration.</summary>
    RampingRate,

    /// <summary>Closed model: N clients, each starting its next iteration when its last one ends.</summary>
    FixedConcurrency,
}
