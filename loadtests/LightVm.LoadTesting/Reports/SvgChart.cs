using System.Globalization;
using System.Net;
using System.Text;

namespace LightVm.LoadTesting.Reports;

/// <summary>Draws a <see cref="Plot"/> as a self-contained SVG (no scripts, no fonts or styles from the network).</summary>
public static class SvgChart
{
    private const int Width = 760;
    private const int Height = 320;
    private const int Left = 70;
    private const int Right = 170;
    private const int Top = 30;
    private const int Bottom = 50;
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    public static string Render(Plot plot)
    {
        var points = plot.Series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">{E(plot.Title)}</text>");
        if (points.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">no data</text></svg>");
            return svg.ToString();
        }

        Func<double, double> tx = plot.PercentileX ? p => -Math.Log10(Math.Max(1e-6, 1 - (Math.Min(p, 99.9999) / 100))) : x => x;
        Func<double, double> ty = plot.LogY ? y => Math.Log10(Math.Max(y, 1e-3)) : y => y;
        var xs = points.Select(p => tx(p.X)).ToList();
        var ys = points.Select(p => ty(p.Y)).ToList();
        var (x0, x1) = Range(xs.Min(), xs.Max(), zero: false);
        var (y0, y1) = Range(plot.LogY ? ys.Min() : Math.Min(0, ys.Min()), ys.Max(), zero: !plot.LogY);
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double Px(double x) => Left + ((tx(x) - x0) / (x1 - x0) * plotW);
        double Py(double y) => Top + plotH - ((ty(y) - y0) / (y1 - y0) * plotH);

        // Axes and grid.
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#999\"/>");
        foreach (var (value, label) in Ticks(y0, y1, plot.LogY))
        {
            var y = Top + plotH - ((value - y0) / (y1 - y0) * plotH);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#eee\"/><text x=\"{Left - 5}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{label}</text>");
        }

        var xTicks = plot.PercentileX
            ? new[] { 0.0, 50, 90, 99, 99.9, 99.99, 99.999 }.Select(p => (tx(p), p.ToString("0.###", CultureInfo.InvariantCulture))).Where(t => t.Item1 >= x0 && t.Item1 <= x1 + 1e-9)
            : Ticks(x0, x1, log: false);
        foreach (var (value, label) in xTicks)
        {
            var x = Left + ((value - x0) / (x1 - x0) * plotW);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top}\" y2=\"{Top + plotH}\" stroke=\"#eee\"/><text x=\"{x:0.#}\" y=\"{Top + plotH + 15}\" text-anchor=\"middle\">{label}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 10}\" text-anchor=\"middle\">{E(plot.XLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(15 {Top + (plotH / 2)}) rotate(-90)\" text-anchor=\"middle\">{E(plot.YLabel)}</text>");

        for (var i = 0; i < plot.Series.Count; i++)
        {
            var series = plot.Series[i];
            var color = Colors[i % Colors.Length];
            var finite = series.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
            if (plot.Scatter)
            {
                foreach (var p in Thin(finite, 4000))
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Px(p.X):0.#}\" cy=\"{Py(p.Y):0.#}\" r=\"1.6\" fill=\"{color}\" fill-opacity=\"0.6\"/>");
                }
            }
            else if (finite.Count > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.8\" points=\"");
                foreach (var p in Thin(finite, 2000))
                {
                    svg.Append(CultureInfo.InvariantCulture, $"{Px(p.X):0.#},{Py(p.Y):0.#} ");
                }

                svg.Append("\"/>");
            }

            var ly = Top + 10 + (i * 16);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + plotW + 10}\" y=\"{ly - 8}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{Left + plotW + 24}\" y=\"{ly + 1}\">{E(Shorten(series.Name, 24))}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static IEnumerable<PlotPoint> Thin(List<PlotPoint> points, int max) =>
        points.Count <= max ? points : points.Where((_, i) => i % ((points.Count / max) + 1) == 0);

    private static (double Low, double High) Range(double low, double high, bool zero)
    {
        if (zero && low > 0)
        {
            low = 0;
        }

        if (high - low < 1e-9)
        {
            high = low + 1;
        }

        var pad = (high - low) * 0.05;
        return (zero && low >= 0 ? low : low - pad, high + pad);
    }

    private static IEnumerable<(double Value, string Label)> Ticks(double low, double high, bool log)
    {
        if (log)
        {
            for (var e = Math.Floor(low); e <= Math.Ceiling(high); e++)
            {
                if (e >= low && e <= high)
                {
                    yield return (e, Format(Math.Pow(10, e)));
                }
            }

            yield break;
        }

        var step = Math.Pow(10, Math.Floor(Math.Log10((high - low) / 5)));
        foreach (var m in new[] { 1.0, 2, 5, 10 })
        {
            if ((high - low) / (step * m) <= 7)
            {
                step *= m;
                break;
            }
        }

        for (var v = Math.Ceiling(low / step) * step; v <= high; v += step)
        {
            yield return (v, Format(v));
        }
    }

    private static string Format(double v) => Math.Abs(v) >= 100 || v == Math.Floor(v)
        ? v.ToString("0", CultureInfo.InvariantCulture)
        : v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Shorten(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
