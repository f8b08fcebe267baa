using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace LightVm.Tinyx.Archives;

/// <summary>Reads newc cpio archives (plain or gzip-compressed), for <c>inspect</c> and for tests.</summary>
public static class CpioNewcReader
{
    public static IReadOnlyList<CpioEntry> ReadFile(string path)
    {
        using var file = File.OpenRead(path);
        var magic = new byte[2];
        var gz = file.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        using var buffer = new MemoryStream();
        if (gz)
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            gzip.CopyTo(buffer);
        }
        else
        {
            file.CopyTo(buffer);
        }

        return Read(buffer.ToArray(), path);
    }

    public static IReadOnlyList<CpioEntry> Read(byte[] data, string name)
    {
        var entries = new List<CpioEntry>();
        var at = 0;
        while (true)
        {
            if (at + 110 > data.Length)
            {
                throw new TinyxException($"{name}: truncated cpio archive (no TRAILER!!! entry)");
            }

            var header = Encoding.ASCII.GetString(data, at, 110);
            if (!header.StartsWith("070701", StringComparison.Ordinal))
            {
                throw new TinyxException($"{name}: not a newc cpio archive at offset {at}");
            }

            long Field(int i) => long.Parse(header.AsSpan(6 + (i * 8), 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var mode = (int)Field(1);
            var uid = (int)Field(2);
            var gid = (int)Field(3);
            var mtime = Field(5);
            var size = (int)Field(6);
            var rdevMajor = (int)Field(9);
            var rdevMinor = (int)Field(10);
            var nameSize = (int)Field(11);
            var entryName = Encoding.UTF8.GetString(data, at + 110, nameSize - 1);
            at = Align(at + 110 + nameSize);
            if (entryName == "TRAILER!!!")
            {
                return entries;
            }

            if (at + size > data.Length)
            {
                throw new TinyxException($"{name}: entry {entryName} runs past the end of the archive");
            }

            entries.Add(new CpioEntry(entryName, mode, uid, gid, mtime, data.AsSpan(at, size).ToArray(), rdevMajor, rdevMinor));
            at = Align(at + size);
        }
    }

    private static int Align(int offset) => (offset + 3) & ~3;
}
