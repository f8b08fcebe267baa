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

    public static byte[] Render(TinyxRecipe recipe)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("command");
            foreach (var argument in recipe.Command)
            {
                json.WriteStringValue(argument);
            }

            json.WriteEndArray();
            json.WriteStartObject("env");
            foreach (var (key, value) in recipe.Env.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteBoolean("noxs", recipe.Noxs);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
