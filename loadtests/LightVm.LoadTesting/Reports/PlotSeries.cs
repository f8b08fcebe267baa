namespace LightVm.LoadTesting.Reports;

/// <summary>One named series of (x, y) points.</summary>
public sealed record PlotSeries(string Name, IReadOnlyList<PlotPoint> Points);
