using System.Globalization;

namespace LightVm.Policies;

/// <summary>Durations as operators write them: 500ms, 30s, 5m, 1h (a bare number is seconds).</summary>
public static class Duration
{
    public const string Allowed = "a duration such as 500ms, 30s, 5m or 1h";

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var s = text.Trim();
        (string Suffix, double Factor)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, factor) in units)
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && !(suffix == "s" && s.EndsWith("ms", StringComparison.OrdinalIgnoreCase)))
            {
                return TryNumber(s[..^suffix.Length], factor, out value);
            }
        }

        return TryNumber(s, 1000, out value);
    }

    public static string Format(TimeSpan value) =>
        value.TotalMilliseconds % 1000 != 0 ? $"{value.TotalMilliseconds:0}ms"
        : value.TotalSeconds % 60 != 0 ? $"{value.TotalSeconds:0}s"
        : value.TotalMinutes % 60 != 0 ? $"{value.TotalMinutes:0}m"
        : $"{value.TotalHours:0}h";

    private static bool TryNumber(string number, double factor, out TimeSpan value)
    {
        value = default;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || double.IsNaN(n) || n < 0 || n > 1e12
            || n * factor >= TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(n * factor);
        return true;
    }
}
