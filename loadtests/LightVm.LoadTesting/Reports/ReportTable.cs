namespace LightVm.LoadTesting.Reports;

/// <summary>A table of a report: title, column headers, rows of formatted cells, and a note under it.</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, string? Note = null);
