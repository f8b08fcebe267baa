namespace LightVm.Policies.Tls;

/// <summary>
/// The host names a certificate may be issued for: DNS names (letters, digits, hyphens; labels of 1-63
/// characters, not starting or ending with a hyphen; at most 253 characters), optionally with one leading
/// <c>*.</c> wildcard label. Names are compared and stored in lower case.
/// </summary>
public static class Hostname
{
    public const int MaxLength = 253;
    public const int MaxLabelLength = 63;

    /// <summary>The lower-case form of <paramref name="hostname"/>; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static string Normalize(string hostname)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        var error = Validate(hostname);
        return error is null ? hostname.ToLowerInvariant() : throw new ArgumentException(error, nameof(hostname));
    }

    /// <summary>Null when <paramref name="hostname"/> is a valid name, else why not (one sentence naming it).</summary>
    public static string? Validate(string hostname)
    {
        if (string.IsNullOrEmpty(hostname))
        {
            return "A host name is empty.";
        }

        if (hostname.Length > MaxLength)
        {
            return $"The host name '{hostname[..40]}...' is longer than {MaxLength} characters.";
        }

        var labels = hostname.Split('.');
        if (labels.Length < 2)
        {
            return $"The host name '{hostname}' needs at least two labels (e.g. hello.localhost).";
        }

        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (label == "*" && i == 0)
            {
                if (labels.Length < 3)
                {
                    return $"The wildcard '{hostname}' must cover a name of at least two labels (e.g. *.example.com).";
                }

                continue;
            }

            var error = ValidateLabel(label);
            if (error is not null)
            {
                return $"The host name '{hostname}' is not a DNS name: {error}";
            }
        }

        return null;
    }

    private static string? ValidateLabel(string label)
    {
        if (label.Length == 0)
        {
            return "it has an empty label (two dots, or a leading or trailing dot).";
        }

        if (label.Length > MaxLabelLength)
        {
            return $"the label '{label}' is longer than {MaxLabelLength} characters.";
        }

        if (label.Contains('*', StringComparison.Ordinal))
        {
            return "only one leading '*.' label may be a wildcard.";
        }

        if (label[0] == '-' || label[^1] == '-')
        {
            return $"the label '{label}' starts or ends with a hyphen.";
        }

        foreach (var c in label)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return $"the label '{label}' has '{c}' (only letters, digits and hyphens are allowed).";
            }
        }

        return null;
    }
}
