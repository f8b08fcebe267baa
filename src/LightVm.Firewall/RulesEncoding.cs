using System.Text;

namespace LightVm.Firewall;

/// <summary>
/// Carries a rules text in one device page config value, which cannot hold newlines: a backslash becomes
/// <c>\\</c>, a line feed <c>\n</c>, a carriage return <c>\r</c>. Lossless, so the guest parses exactly the text the
/// platform loaded and reports the same line numbers. The host writes <see cref="ToPageValue"/>; the guest reads
/// with <see cref="FromPageValue"/> (which leaves any other backslash pair as it is).
/// </summary>
public static class RulesEncoding
{
    public static string ToPageValue(string rulesText)
    {
        ArgumentNullException.ThrowIfNull(rulesText);
        return rulesText.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    public static string FromPageValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length)
            {
                var next = value[i + 1];
                var decoded = next switch
                {
                    'n' => '\n',
                    'r' => '\r',
                    '\\' => '\\',
                    _ => (char?)null,
                };
                if (decoded is { } d)
                {
                    text.Append(d);
                    i++;
                    continue;
                }
            }

            text.Append(c);
        }

        return text.ToString();
    }
}
