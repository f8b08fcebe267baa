using YamlDotNet.RepresentationModel;

namespace LightVm.Tinyx.Recipes;

/// <summary>Reads typed fields of one YAML mapping, recording errors with file, field path and line.</summary>
internal sealed class RecipeFieldReader
{
    private readonly string _file;
    private readonly string _prefix;
    private readonly Dictionary<string, YamlNode> _fields = new(StringComparer.Ordinal);
    private readonly List<RecipeError> _errors;

    public RecipeFieldReader(string file, string prefix, YamlMappingNode mapping, IReadOnlyList<string> known, List<RecipeError> errors)
    {
        _file = file;
        _prefix = prefix;
        _errors = errors;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = keyNode is YamlScalarNode scalar ? scalar.Value ?? string.Empty : keyNode.ToString();
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                errors.Add(new RecipeError(file, prefix + key, "unknown field; allowed: " + string.Join(", ", known), Line(keyNode)));
                continue;
            }

            _fields[key] = valueNode;
        }
    }

    public bool Has(string field) => _fields.ContainsKey(field);

    public YamlNode? Node(string field) => _fields.GetValueOrDefault(field);

    public void Error(string field, string message) =>
        _errors.Add(new RecipeError(_file, _prefix + field, message, _fields.TryGetValue(field, out var node) ? Line(node) : 0));

    public static int Line(YamlNode node) => (int)node.Start.Line;

    public string? String(string field, bool required)
    {
        if (!_fields.TryGetValue(field, out var node))
        {
            if (required)
            {
                _errors.Add(new RecipeError(_file, _prefix + field, "is required"));
            }

            return null;
        }

        if (node is not YamlScalarNode { Value: { Length: > 0 } value })
        {
            Error(field, "must be a non-empty string");
            return null;
        }

        return value;
    }

    public bool Bool(string field, bool fallback)
    {
        if (!_fields.TryGetValue(field, out var node))
        {
            return fallback;
        }

        switch ((node as YamlScalarNode)?.Value)
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                Error(field, $"'{(node as YamlScalarNode)?.Value}' is not allowed: true or false");
                return fallback;
        }
    }

    public List<string>? StringList(string field, bool required)
    {
        if (!_fields.TryGetValue(field, out var node))
        {
            if (required)
            {
                _errors.Add(new RecipeError(_file, _prefix + field, "is required"));
            }

            return null;
        }

        if (node is YamlSequenceNode sequence && sequence.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }))
        {
            return sequence.Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
        }

        Error(field, "must be a list of non-empty strings, e.g. [\"/app/daytime\", \"--flag\"]");
        return null;
    }
}
