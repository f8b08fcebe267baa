using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace LightVm.Policies;

/// <summary>Reads typed fields from one policy mapping, recording errors with file, field and line.</summary>
internal sealed class FieldReader(string file, Dictionary<string, YamlNode> fields, List<PolicyError> errors)
{
    public void Error(string field, string message) =>
        errors.Add(new PolicyError(file, field, message, fields.TryGetValue(field, out var node) ? (int)node.Start.Line : 0));

    public string? String(string field, string? fallback)
    {
        if (!fields.TryGetValue(field, out var node))
        {
            if (fallback is null)
            {
                errors.Add(new PolicyError(file, field, "is required"));
            }

            return fallback;
        }

        if (node is not YamlScalarNode { Value: { Length: > 0 } value })
        {
            Error(field, "must be a non-empty string");
            return null;
        }

        return value;
    }

    public int? Int(string field, int fallback, int min, int max)
    {
        if (!fields.TryGetValue(field, out var node))
        {
            return fallback;
        }

        if (node is YamlScalarNode { Value: { } text }
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        Error(field, $"'{(node as YamlScalarNode)?.Value}' is not allowed: an integer from {min} to {max}");
        return null;
    }

    public TimeSpan? Duration(string field, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        if (!fields.TryGetValue(field, out var node))
        {
            return fallback;
        }

        if (node is YamlScalarNode { Value: { } text } && Policies.Duration.TryParse(text, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Error(field, $"'{(node as YamlScalarNode)?.Value}' is not allowed: {Policies.Duration.Allowed}, from {Policies.Duration.Format(min)} to {Policies.Duration.Format(max)}");
        return null;
    }

    public List<string> StringList(string field)
    {
        if (!fields.TryGetValue(field, out var node))
        {
            return [];
        }

        if (node is YamlSequenceNode sequence && sequence.Children.All(c => c is YamlScalarNode))
        {
            return sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? string.Empty).ToList();
        }

        Error(field, "must be a list of strings, e.g. [\"--flag\", \"value\"]");
        return [];
    }
}
