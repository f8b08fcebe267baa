namespace LightVm.Firewall;

/// <summary>
/// Host patterns: a DNS name (letters, digits, '-', dots), <c>*.name</c> (any subdomain of name, not name itself)
/// or <c>*</c> (any host). Compared case-insensitively; a trailing dot is ignored on both sides.
/// </summary>
internal static class HostPattern
{
    public const string Any = "*";

    private const int MaxNameLength = 253;
    private const int MaxLabelLength = 63;

    /// <summary>Lower case, without a trailing dot.</summary>
    public static string Normalize(string host)
    {
        var trimmed = host.EndsWith('.') ? host[..^1] : host;
        return trimmed.ToLowerInvariant();
    }

    /// <summary>Checks <paramref name="pattern"/>; on success <paramref name="normalized"/> is its normalized form.</summary>
    public static bool TryNormalize(string pattern, out string normalized)
    {
        normalized = Normalize(pattern);
        if (normalized == Any)
        {
            return true;
        }

        var name = normalized.StartsWith("*.", StringComparison.Ordinal) ? normalized[2..] : normalized;
        return IsDnsName(name);
    }

    public static bool Matches(string pattern, string host)
    {
        if (pattern == Any)
        {
            return true;
        }

        var name = Normalize(host);
        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            // "*.ads.test" is ".ads.test" as a suffix: "x.ads.test" matches, "ads.test" and "badads.test" do not.
            return name.Length > pattern.Length - 1 && name.EndsWith(pattern.AsSpan(1), StringComparison.Ordinal);
        }

        return string.Equals(pattern, name, StringComparison.Ordinal);
    }

    private static bool IsDnsName(string name)
    {
        if (name.Length is 0 or > MaxNameLength)
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > MaxLabelLength || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }
}
