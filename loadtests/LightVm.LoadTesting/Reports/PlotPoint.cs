namespace LightVm.LoadTesting.Reports;

public sealed record PlotPoint(double X, double Y);
