using System.Buffers.Binary;
using System.Text;

namespace LightVm.Noxs;

/// <summary>Host side: serializes a <see cref="DevicePage"/> and publishes it as a read-only file.</summary>
public static class DevicePageWriter
{
    public static byte[] Serialize(DevicePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var entries = new List<(ushort Type, byte[] Payload)>
        {
            (DevicePageLayout.EntryIdentity, Identity(page)),
        };
        if (page.Nic is { } nic)
        {
            entries.Add((DevicePageLayout.EntryNic, Nic(nic)));
        }

        if (page.Console is { } console)
        {
            entries.Add((DevicePageLayout.EntryConsole, Encoding.UTF8.GetBytes(console.Path)));
        }

        var sysctl = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(sysctl, (uint)page.Sysctl);
        entries.Add((DevicePageLayout.EntrySysctl, sysctl));
        entries.Add((DevicePageLayout.EntryConfig, Config(page.Config)));

        var total = DevicePageLayout.HeaderSize;
        foreach (var (_, payload) in entries)
        {
            if (payload.Length > ushort.MaxValue)
            {
                throw new ArgumentException("A device page entry is larger than 65535 bytes.", nameof(page));
            }

            total += DevicePageLayout.EntryHeaderSize + payload.Length;
        }

        if (total > DevicePageLayout.MaxPageSize)
        {
            throw new ArgumentException(
                $"The device page would be {total} bytes; a page holds at most {DevicePageLayout.MaxPageSize}.", nameof(page));
        }

        var buffer = new byte[total];
        var span = buffer.AsSpan();
        var offset = DevicePageLayout.HeaderSize;
        foreach (var (type, payload) in entries)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], type);
            BinaryPrimitives.WriteUInt16LittleEndian(span[(offset + 2)..], (ushort)payload.Length);
            payload.CopyTo(span[(offset + DevicePageLayout.EntryHeaderSize)..]);
            offset += DevicePageLayout.EntryHeaderSize + payload.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span, DevicePageLayout.Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], DevicePageLayout.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], DevicePageLayout.HeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], page.Generation);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], (uint)total);
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], Crc32.Compute(span[DevicePageLayout.HeaderSize..]));
        BinaryPrimitives.WriteUInt16LittleEndian(span[24..], (ushort)entries.Count);
        return buffer;
    }

    /// <summary>
    /// Writes the page to <paramref name="path"/> atomically (temporary file, then rename) with mode 0444,
    /// so the guest only ever sees a whole page and cannot write to it.
    /// </summary>
    public static void WriteFile(string path, DevicePage page)
    {
        var bytes = Serialize(page);
        var temporary = path + ".tmp";
        File.Delete(temporary); // A leftover from a failed write would be read-only.
        File.WriteAllBytes(temporary, bytes);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static byte[] Identity(DevicePage page)
    {
        var name = Encoding.UTF8.GetBytes(page.Service);
        var payload = new byte[16 + name.Length];
        if (!page.GuestId.TryWriteBytes(payload))
        {
            throw new InvalidOperationException("Could not write the guest id.");
        }

        name.CopyTo(payload, 16);
        return payload;
    }

    private static byte[] Nic(NicDevice nic)
    {
        if (nic.Mac.Length != 6)
        {
            throw new ArgumentException("A MAC address has 6 bytes.", nameof(nic));
        }

        if (nic.Address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || nic.PrefixLength > 32
            || nic.Gateway is { AddressFamily: not System.Net.Sockets.AddressFamily.InterNetwork })
        {
            throw new ArgumentException("The NIC needs an IPv4 address, a prefix of 0-32 and, if it has one, an IPv4 gateway.", nameof(nic));
        }

        var payload = new byte[16];
        nic.Mac.CopyTo(payload, 0);
        nic.Address.TryWriteBytes(payload.AsSpan(6, 4), out _);
        payload[10] = nic.PrefixLength;
        payload[11] = nic.Gateway is null ? (byte)0 : (byte)1;
        nic.Gateway?.TryWriteBytes(payload.AsSpan(12, 4), out _);
        return payload;
    }

    private static byte[] Config(IReadOnlyDictionary<string, string> config)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in config.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (key.Length == 0 || key.Contains('=', StringComparison.Ordinal) || key.Contains('\n', StringComparison.Ordinal)
                || key.Contains('\\', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Config key '{key}' cannot be encoded (keys are non-empty, without '=', newlines or backslashes).", nameof(config));
            }

            // Multi-line values (firewall rules, PEM certificates) keep their lines: '\' is written as "\\", a newline as "\n".
            builder.Append(key).Append('=').Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
