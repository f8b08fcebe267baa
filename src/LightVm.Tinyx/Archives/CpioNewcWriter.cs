using System.Globalization;
using System.Text;
using LightVm.Tinyx.Images;

namespace LightVm.Tinyx.Archives;

/// <summary>
/// Writes an image tree as a cpio archive in the "newc" format the kernel unpacks into its initramfs:
/// entries in ordinal path order, inode numbers in that order, uid/gid 0, mtime 0, one link each.
/// The same tree always gives the same bytes.
/// </summary>
public static class CpioNewcWriter
{
    private const int TypeDirectory = 0x4000;
    private const int TypeFile = 0x8000;
    private const int TypeSymlink = 0xA000;
    private const int TypeCharDevice = 0x2000;

    public static void Write(ImageTree tree, Stream output)
    {
        var ino = 1;
        foreach (var entry in tree.Entries)
        {
            var data = entry.Kind switch
            {
                ImageEntryKind.File => entry.ReadContent(),
                ImageEntryKind.Symlink => Encoding.UTF8.GetBytes(entry.LinkTarget!),
                _ => [],
            };
            var type = entry.Kind switch
            {
                ImageEntryKind.Directory => TypeDirectory,
                ImageEntryKind.File => TypeFile,
                ImageEntryKind.Symlink => TypeSymlink,
                _ => TypeCharDevice,
            };
            WriteEntry(
                output,
                entry.Path.TrimStart('/'),
                ino++,
                type | entry.Mode,
                entry.Kind == ImageEntryKind.Directory ? 2 : 1,
                data,
                entry.DeviceMajor,
                entry.DeviceMinor);
        }

        WriteEntry(output, "TRAILER!!!", 0, 0, 1, [], 0, 0);
    }

    private static void WriteEntry(Stream output, string name, int ino, int mode, int links, byte[] data, int rdevMajor, int rdevMinor)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var header = new StringBuilder(110);
        header.Append("070701");
        foreach (var field in new long[] { ino, mode, 0, 0, links, 0, data.Length, 0, 0, rdevMajor, rdevMinor, nameBytes.Length + 1, 0 })
        {
            header.Append(field.ToString("x8", CultureInfo.InvariantCulture));
        }

        output.Write(Encoding.ASCII.GetBytes(header.ToString()));
        output.Write(nameBytes);
        output.WriteByte(0);
        Pad(output, 110 + nameBytes.Length + 1);
        output.Write(data);
        Pad(output, data.Length);
    }

    private static void Pad(Stream output, long length)
    {
        var pad = (int)((4 - (length % 4)) % 4);
        for (var i = 0; i < pad; i++)
        {
            output.WriteByte(0);
        }
    }
}
