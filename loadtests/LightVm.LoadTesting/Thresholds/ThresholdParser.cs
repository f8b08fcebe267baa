using System.Globalization;
using System.Text.RegularExpressions;

namespace LightVm.LoadTesting.Thresholds;

/// <summary>Parses threshold text (<c>[series.]metric op value[unit]</c>) with messages that say what is allowed.</summary>
public static partial class ThresholdParser
{
    public const string Syntax = "'<metric> <op> <value>[unit]', e.g. 'p99 < 50ms', 'errors = 0', 'cold.p50 <= 5ms', 'ratio >= 85%' (ops: < <= > >= = !=; units: us, ms, s, %)";

    public static Threshold Parse(string text)
    {
        var match = Pattern().Match(text ?? string.Empty);
        if (!match.Success)
        {
            throw new FormatException($"threshold '{text}' is not {Syntax}");
        }

        var op = match.Groups["op"].Value switch
        {
            "<" => ComparisonOperator.Less,
            "<=" => ComparisonOperator.LessOrEqual,
            ">" => ComparisonOperator.Greater,
            ">=" => ComparisonOperator.GreaterOrEqual,
            "=" or "==" => ComparisonOperator.Equal,
            _ => ComparisonOperator.NotEqual,
        };
        var value = double.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        value = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "us" or "µs" => value / 1000,
            "s" => value * 1000,
            "%" => value / 100,
            _ => value,
        };
        return new Threshold(match.Groups["metric"].Value, op, value, text!.Trim());
    }

    [GeneratedRegex(@"^\s*(?<metric>[A-Za-z][A-Za-z0-9_\-+]*(\.[A-Za-z0-9_\-+]+)*)\s*(?<op><=|>=|==|!=|<|>|=)\s*(?<value>[0-9]+(\.[0-9]+)?)\s*(?<unit>us|µs|ms|s|%)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
