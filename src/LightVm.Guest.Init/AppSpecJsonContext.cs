using System.Text.Json.Serialization;

namespace LightVm.Guest.Init;

[JsonSerializable(typeof(AppSpec))]
[JsonSourceGenerationOptions(AllowTrailingCommas = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
internal sealed partial class AppSpecJsonContext : JsonSerializerContext;
