using System.Text;

namespace LightVm.FirewallGuest;

/// <summary>Makes text safe for a header value or a log line: anything but printable ASCII becomes '?'.</summary>
public static class HeaderText
{
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return clean.ToString();
    }
}
