using System.Text.Json;
using System.Text.Json.Serialization;

namespace LightVm.Guest.Init;

/// <summary>The application the init runs: <c>/lightvm/app.json</c> in the image (docs/vm-guests.md).</summary>
public sealed record AppSpec
{
    public const string DefaultPath = "/lightvm/app.json";
    private static readonly Dictionary<string, string> EmptyEnv = [];

    [JsonPropertyName("command")]
    public required IReadOnlyList<string> Command { get; init; }

    [JsonPropertyName("env")]
    public IReadOnlyDictionary<string, string> Env
    {
        get => field ?? EmptyEnv;
        init;
    }

    /// <summary>True when the application speaks the host link (started at boot, waits for <c>go</c>).</summary>
    [JsonPropertyName("noxs")]
    public bool Noxs { get; init; }

    /// <summary>Parses and checks app.json; every problem is an <see cref="InitException"/> naming the file.</summary>
    public static AppSpec Parse(string json, string source)
    {
        AppSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize(json, AppSpecJsonContext.Default.AppSpec);
        }
        catch (JsonException ex)
        {
            throw new InitException($"{source}: not valid JSON: {ex.Message}");
        }

        if (spec is null)
        {
            throw new InitException($"{source}: empty");
        }

        if (spec.Command is not { Count: > 0 } || string.IsNullOrWhiteSpace(spec.Command[0]))
        {
            throw new InitException($"{source}: 'command' must be a non-empty array whose first item is the program");
        }

        if (!spec.Command[0].StartsWith('/'))
        {
            throw new InitException($"{source}: the program '{spec.Command[0]}' must be an absolute path in the image");
        }

        return spec;
    }

    public static AppSpec Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (IOException ex)
        {
            throw new InitException($"{path}: cannot read: {ex.Message}");
        }
    }
}
