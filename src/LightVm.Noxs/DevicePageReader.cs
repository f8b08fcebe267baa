using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace LightVm.Noxs;

/// <summary>Guest side: parses a device page, checking magic, version, length and checksum.</summary>
public static class DevicePageReader
{
    public static DevicePage Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < DevicePageLayout.HeaderSize)
        {
            throw new DevicePageFormatException($"The device page is {data.Length} bytes, shorter than its {DevicePageLayout.HeaderSize}-byte header.");
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (magic != DevicePageLayout.Magic)
        {
            throw new DevicePageFormatException($"Not a device page: magic 0x{magic:X8}, expected 0x{DevicePageLayout.Magic:X8}.");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
        if (version != DevicePageLayout.Version)
        {
            throw new DevicePageFormatException($"Device page version {version} is not supported; this reader knows version {DevicePageLayout.Version}.");
        }

        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
        var generation = BinaryPrimitives.ReadUInt64LittleEndian(data[8..]);
        var total = BinaryPrimitives.ReadUInt32LittleEndian(data[16..]);
        if (headerLength != DevicePageLayout.HeaderSize || total < headerLength || total > data.Length)
        {
            throw new DevicePageFormatException($"The device page is truncated or inconsistent: header {headerLength}, total {total}, have {data.Length} bytes.");
        }

        var body = data[headerLength..(int)total];
        var checksum = BinaryPrimitives.ReadUInt32LittleEndian(data[20..]);
        if (Crc32.Compute(body) != checksum)
        {
            throw new DevicePageFormatException("The device page checksum does not match its contents.");
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(data[24..]);
        return ReadEntries(body, count, generation);
    }

    public static DevicePage ReadFile(string path) => Read(File.ReadAllBytes(path));

    private static DevicePage ReadEntries(ReadOnlySpan<byte> body, int count, ulong generation)
    {
        Guid? guestId = null;
        string? service = null;
        NicDevice? nic = null;
        ConsoleDevice? console = null;
        var sysctl = SysctlRequest.None;
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            if (offset + DevicePageLayout.EntryHeaderSize > body.Length)
            {
                throw new DevicePageFormatException($"Device page entry {i} starts past the end of the page.");
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(body[offset..]);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(body[(offset + 2)..]);
            var start = offset + DevicePageLayout.EntryHeaderSize;
            if (start + length > body.Length)
            {
                throw new DevicePageFormatException($"Device page entry {i} (type {type}) runs past the end of the page.");
            }

            var payload = body.Slice(start, length);
            switch (type)
            {
                case DevicePageLayout.EntryIdentity when length >= 16:
                    guestId = new Guid(payload[..16]);
                    service = Encoding.UTF8.GetString(payload[16..]);
                    break;
                case DevicePageLayout.EntryNic when length == 16:
                    nic = new NicDevice
                    {
                        Mac = payload[..6].ToArray(),
                        Address = new IPAddress(payload.Slice(6, 4)),
                        PrefixLength = payload[10],
                        Gateway = payload[11] == 0 ? null : new IPAddress(payload.Slice(12, 4)),
                    };
                    break;
                case DevicePageLayout.EntryConsole:
                    console = new ConsoleDevice(Encoding.UTF8.GetString(payload));
                    break;
                case DevicePageLayout.EntrySysctl when length == 4:
                    sysctl = (SysctlRequest)BinaryPrimitives.ReadUInt32LittleEndian(payload);
                    break;
                case DevicePageLayout.EntryConfig:
                    ReadConfig(Encoding.UTF8.GetString(payload), config);
                    break;
                case DevicePageLayout.EntryIdentity or DevicePageLayout.EntryNic or DevicePageLayout.EntrySysctl:
                    throw new DevicePageFormatException($"Device page entry {i} (type {type}) has a bad length {length}.");
                default:
                    break; // Unknown entry types are skipped: newer hosts may add devices.
            }

            offset = start + length;
        }

        if (guestId is null || service is null)
        {
            throw new DevicePageFormatException("The device page has no identity entry.");
        }

        return new DevicePage
        {
            Generation = generation,
            GuestId = guestId.Value,
            Service = service,
            Nic = nic,
            Console = console,
            Sysctl = sysctl,
            Config = config,
        };
    }

    private static void ReadConfig(string text, Dictionary<string, string> config)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new DevicePageFormatException($"Device page config line '{line}' is not key=value.");
            }

            config[line[..eq]] = Unescape(line[(eq + 1)..]);
        }
    }

    /// <summary>Undoes the writer's escapes: backslash-n is a newline, two backslashes one backslash; any other backslash stays as it is.</summary>
    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length && value[i + 1] is 'n' or '\\')
            {
                builder.Append(value[i + 1] == 'n' ? '\n' : '\\');
                i++;
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }
}
