using System.Globalization;

namespace LightVm.LoadTesting.Platform;

/// <summary>Parses the gateway's Server-Timing header (<c>queue;dur=0.6, shell;dur=0.03, ...</c>) into phases in ms.</summary>
public static class ServerTimingHeader
{
    public static IReadOnlyDictionary<string, double> Parse(string? header)
    {
        var phases = new Dictionary<string, double>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(header))
        {
            return phases;
        }

        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            foreach (var parameter in pieces.Skip(1))
            {
                if (parameter.StartsWith("dur=", StringComparison.Ordinal)
                    && double.TryParse(parameter[4..], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
                {
                    phases[pieces[0]] = ms;
                }
            }
        }

        return phases;
    }
}
