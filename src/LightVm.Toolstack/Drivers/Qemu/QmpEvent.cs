using System.Text.Json;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>An asynchronous QMP event (STOP, RESUME, SHUTDOWN, ...), with its data and QEMU's timestamp.</summary>
public sealed record QmpEvent(string Name, JsonElement Data, DateTimeOffset Timestamp)
{
    /// <summary>A string member of <see cref="Data"/>, or null (e.g. SHUTDOWN's <c>reason</c>).</summary>
    public string? DataString(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
