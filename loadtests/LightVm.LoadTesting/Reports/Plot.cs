namespace LightVm.LoadTesting.Reports;

/// <summary>A chart of a report, drawn as inline SVG in report.html.</summary>
/// <param name="Scatter">Points only (e.g. latency of the k-th client); lines otherwise.</param>
/// <param name="PercentileX">The x axis is a percentile, drawn on the "nines" scale (50, 90, 99, 99.9 evenly spaced).</param>
public sealed record Plot(string Title, string XLabel, string YLabel, IReadOnlyList<PlotSeries> Series, bool Scatter = false, bool PercentileX = false, bool LogY = false);
