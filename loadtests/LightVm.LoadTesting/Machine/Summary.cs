namespace LightVm.LoadTesting.Machine;

/// <summary>The figures every table quotes for one row (milliseconds, or MB for memory).</summary>
public sealed record Summary(int N, double Min, double Median, double P90, double P99, double Max);
