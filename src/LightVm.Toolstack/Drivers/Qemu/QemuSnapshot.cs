using System.Text.Json;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// What a QEMU snapshot needs beside the migration stream (kept in <c>&lt;file&gt;.json</c>): the machine to recreate
/// and, for a guest that was executed, its identity and page. A snapshot of a prepared shell has no identity: each
/// restore is a new shell that its execute gives a fresh one.
/// </summary>
public sealed record QemuSnapshot
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required string Service { get; init; }

    public required QemuMachine Machine { get; init; }

    /// <summary>The executed guest's id; null for a prepared shell.</summary>
    public Guid? GuestId { get; init; }

    public string? Address { get; init; }

    /// <summary>The executed guest's device page (serialized, base64); null for a prepared shell.</summary>
    public string? Page { get; init; }

    public DateTimeOffset SavedAt { get; init; }

    public static string MetadataPath(string snapshot) => snapshot + ".json";

    public void Write(string snapshot) =>
        File.WriteAllText(MetadataPath(snapshot), JsonSerializer.Serialize(this));

    public static QemuSnapshot Read(string snapshot)
    {
        if (!File.Exists(snapshot))
        {
            throw new GuestStartException($"No QEMU snapshot at '{snapshot}'.");
        }

        var metadata = MetadataPath(snapshot);
        if (!File.Exists(metadata))
        {
            throw new GuestStartException($"'{snapshot}' has no {Path.GetFileName(metadata)} beside it: it was not written by the qemu driver's save.");
        }

        QemuSnapshot? value;
        try
        {
            value = JsonSerializer.Deserialize<QemuSnapshot>(File.ReadAllText(metadata));
        }
        catch (JsonException e)
        {
            throw new GuestStartException($"The snapshot metadata {metadata} is not valid: {e.Message}", e);
        }

        if (value is null || value.Version != CurrentVersion)
        {
            throw new GuestStartException($"The snapshot metadata {metadata} has version {value?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}; this driver reads version {CurrentVersion}.");
        }

        foreach (var file in new[] { value.Machine.Kernel, value.Machine.Initramfs })
        {
            if (!File.Exists(file))
            {
                throw new GuestStartException($"The snapshot '{snapshot}' was taken of a guest booted from {file}, which no longer exists: QEMU can only restore onto the same machine.");
            }
        }

        return value;
    }
}
