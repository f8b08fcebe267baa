using System.Text.Json;
using System.Text.Json.Serialization;

namespace LightVm.Tinyx.Building;

/// <summary>Reads and writes manifest.json (camelCase, indented).</summary>
public static class ManifestJson
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(ImageManifest manifest) => JsonSerializer.Serialize(manifest, Options) + "\n";

    public static ImageManifest Read(string imageFolder) => Deserialize<ImageManifest>(imageFolder);

    /// <summary>Only the launch fields (command, env, noxs) of an image folder's manifest; the others may be missing.</summary>
    public static ManifestLaunch ReadLaunch(string imageFolder) => Deserialize<ManifestLaunch>(imageFolder);

    private static T Deserialize<T>(string imageFolder)
        where T : class
    {
        var path = Path.Combine(imageFolder, FileName);
        if (!File.Exists(path))
        {
            throw new TinyxException($"{imageFolder} is not an image folder (no {FileName}); build one with lightvm tinyx build <recipe dir>");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
                ?? throw new TinyxException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new TinyxException($"{path} is not a valid manifest: {e.Message}", e);
        }
    }
}
