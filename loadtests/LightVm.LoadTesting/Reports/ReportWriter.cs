using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LightVm.LoadTesting.Scenarios;
using LightVm.LoadTesting.Thresholds;

namespace LightVm.LoadTesting.Reports;

/// <summary>Writes a report folder: report.md (tables), report.html (tables and inline SVG plots, no network) and results.json.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task WriteAsync(BenchReport report, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), Markdown(report), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.html"), Html(report), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.json"), JsonSerializer.Serialize(report, Json), cancellationToken).ConfigureAwait(false);
    }

    public static string Markdown(BenchReport report)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# LightVM bench: {string.Join(", ", report.Scenarios.Select(s => s.Name))} ({report.Driver} driver)").AppendLine();
        Header(report, (k, v) => md.AppendLine(CultureInfo.InvariantCulture, $"- {k}: {v}"));
        md.AppendLine();
        md.AppendLine("| scenario | verdict | seconds |").AppendLine("|---|---|---|");
        foreach (var s in report.Scenarios)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| [{s.Name}](#{s.Name}) | {Verdict(s)} | {s.Seconds:0} |");
        }

        foreach (var s in report.Scenarios)
        {
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {s.Name}").AppendLine();
            md.AppendLine(s.Description).AppendLine();
            if (s.PlatformCommand is { } command)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"Platform: `{command}`").AppendLine();
            }

            if (s.Failure is { } failure)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"**Could not run:** {failure}").AppendLine();
            }

            foreach (var run in s.Runs)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- run `{run.Name}`: {run.Simulation}; {run.Started} started, {run.Ok} ok, {run.Failed} failed in {run.ElapsedSeconds:0.0} s");
            }

            md.AppendLine();
            foreach (var table in s.Tables)
            {
                MarkdownTable(md, table);
            }

            if (s.Thresholds.Count > 0)
            {
                MarkdownTable(md, ThresholdTable(s.Thresholds));
            }

            foreach (var note in s.Notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        return md.ToString();
    }

    public static string Html(BenchReport report)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine(CultureInfo.InvariantCulture, $"<title>LightVM bench ({E(report.Driver)})</title>");
        html.AppendLine("<style>body{font-family:sans-serif;margin:24px;max-width:1200px;color:#222}table{border-collapse:collapse;margin:8px 0 4px}"
            + "td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:right}td:first-child,th:first-child,td.l{text-align:left}"
            + "th{background:#f3f3f3}.pass{color:#1a7f37;font-weight:bold}.fail{color:#c62828;font-weight:bold}.goal{color:#8a6d00}"
            + ".note{font-size:12px;color:#555;margin:0 0 14px}h2{border-top:2px solid #ddd;padding-top:12px}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;font-size:13px}"
            + "dt{font-weight:bold}svg{margin:6px 12px 6px 0}</style></head><body>");
        html.AppendLine(CultureInfo.InvariantCulture, $"<h1>LightVM bench: {E(string.Join(", ", report.Scenarios.Select(s => s.Name)))} ({E(report.Driver)} driver)</h1><dl>");
        Header(report, (k, v) => html.AppendLine(CultureInfo.InvariantCulture, $"<dt>{E(k)}</dt><dd>{E(v)}</dd>"));
        html.AppendLine("</dl><table><tr><th>scenario</th><th>verdict</th><th>seconds</th></tr>");
        foreach (var s in report.Scenarios)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<tr><td><a href=\"#{E(s.Name)}\">{E(s.Name)}</a></td><td class=\"{(s.Passed ? "pass" : "fail")}\">{E(Verdict(s))}</td><td>{s.Seconds:0}</td></tr>");
        }

        html.AppendLine("</table>");
        foreach (var s in report.Scenarios)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<h2 id=\"{E(s.Name)}\">{E(s.Name)}</h2><p>{E(s.Description)}</p>");
            if (s.PlatformCommand is { } command)
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<p class=\"note\">Platform: <code>{E(command)}</code></p>");
            }

            if (s.Failure is { } failure)
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<p class=\"fail\">Could not run: {E(failure)}</p>");
            }

            html.AppendLine("<ul>");
            foreach (var run in s.Runs)
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<li>run <code>{E(run.Name)}</code>: {E(run.Simulation)}; {run.Started} started, {run.Ok} ok, {run.Failed} failed in {run.ElapsedSeconds:0.0} s</li>");
            }

            html.AppendLine("</ul>");
            foreach (var table in s.Tables)
            {
                HtmlTable(html, table);
            }

            if (s.Thresholds.Count > 0)
            {
                HtmlTable(html, ThresholdTable(s.Thresholds));
            }

            foreach (var plot in s.Plots)
            {
                html.AppendLine(SvgChart.Render(plot));
            }

            if (s.Notes.Count > 0)
            {
                html.AppendLine("<ul class=\"note\">");
                foreach (var note in s.Notes)
                {
                    html.AppendLine(CultureInfo.InvariantCulture, $"<li>{E(note)}</li>");
                }

                html.AppendLine("</ul>");
            }
        }

        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static void Header(BenchReport report, Action<string, string> add)
    {
        add("Verdict", report.Passed ? "all thresholds met" : "THRESHOLDS NOT MET (exit code 1)");
        add("Machine", $"{report.Machine.Cores} cores ({report.Machine.Cpu}), {report.Machine.Memory}, Linux {report.Machine.Kernel}");
        add("Virtualization", report.Machine.Virtualization);
        add(".NET", report.Machine.Dotnet);
        add("Commit", report.Machine.CommitLabel);
        add("Date", report.Machine.Date.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        add("Command", report.Command);
        add("Driver", report.Driver);
        add("Target", report.Target ?? "a platform started by the runner for each scenario (lightvm up, in-memory bus)");
    }

    private static ReportTable ThresholdTable(IReadOnlyList<ThresholdOutcome> outcomes) => new(
        "Thresholds (gate the exit code) and goals (reported)",
        ["kind", "condition", "measured", "met"],
        [.. outcomes.Select(o => (IReadOnlyList<string>)[o.Gate ? "threshold" : "goal", o.Threshold, Measured(o), o.Met ? "yes" : "NO"])]);

    private static string Measured(ThresholdOutcome o) =>
        double.IsNaN(o.Actual) ? "not measured" : o.Metric.EndsWith("ratio", StringComparison.Ordinal) ? $"{o.Actual * 100:0.0}%" : Cells.Num(o.Actual, "0.###");

    private static string Verdict(ScenarioResult s) =>
        s.Failure is not null ? "could not run"
        : s.Passed ? $"pass ({s.Thresholds.Count(t => !t.Gate && t.Met)}/{s.Thresholds.Count(t => !t.Gate)} goals met)"
        : $"FAIL ({s.Thresholds.Count(t => t.Gate && !t.Met)} thresholds not met)";

    private static void MarkdownTable(StringBuilder md, ReportTable table)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"**{table.Title}**").AppendLine();
        md.AppendLine("| " + string.Join(" | ", table.Columns) + " |");
        md.AppendLine("|" + string.Concat(table.Columns.Select(_ => "---|")));
        foreach (var row in table.Rows)
        {
            md.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }

        md.AppendLine();
        if (table.Note is { } note)
        {
            md.AppendLine(note).AppendLine();
        }
    }

    private static void HtmlTable(StringBuilder html, ReportTable table)
    {
        html.AppendLine(CultureInfo.InvariantCulture, $"<h3>{E(table.Title)}</h3><table><tr>{string.Concat(table.Columns.Select(c => $"<th>{E(c)}</th>"))}</tr>");
        foreach (var row in table.Rows)
        {
            html.AppendLine("<tr>" + string.Concat(row.Select(c => $"<td>{E(c)}</td>")) + "</tr>");
        }

        html.AppendLine("</table>");
        if (table.Note is { } note)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<p class=\"note\">{E(note)}</p>");
        }
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
