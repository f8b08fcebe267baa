using System.Text.Json;
using LightVm.Tinyx.Recipes;

namespace LightVm.Tinyx.Building;

/// <summary>
/// <c>/lightvm/app.json</c>, the guest init's instructions (docs/vm-guests.md): argv, extra environment and
/// whether the app speaks the host link. Written with sorted keys, so equal recipes give equal bytes.
/// </summary>
public static class AppConfig
{
    public const string ImagePath = "/lightvm/app.json";

    public static byte[] Render(TinyxRecipe recipe) => Render(recipe.Command, recipe.Env, recipe.Noxs);

    /// <summary>The app config of <paramref name="command"/> with <paramref name="env"/>; <paramref name="noxs"/>: it speaks the host link.</summary>
    public static byte[] Render(IReadOnlyList<string> command, IEnumerable<KeyValuePair<string, string>> env, bool noxs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("command");
            foreach (var argument in command)
            {
                json.WriteStringValue(argument);
            }

            json.WriteEndArray();
            json.WriteStartObject("env");
            foreach (var (key, value) in env.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteBoolean("noxs", noxs);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
