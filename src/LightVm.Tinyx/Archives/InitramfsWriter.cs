using System.IO.Compression;
using LightVm.Tinyx.Images;

namespace LightVm.Tinyx.Archives;

/// <summary>
/// Writes <c>initramfs.cpio.gz</c>: the newc archive of the tree, gzip-compressed. .NET's
/// <see cref="GZipStream"/> writes a header with mtime 0 and no file name, so equal trees give equal bytes.
/// </summary>
public static class InitramfsWriter
{
    public static void Write(ImageTree tree, string path)
    {
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        {
            using var gzip = new GZipStream(file, CompressionLevel.SmallestSize, leaveOpen: true);
            CpioNewcWriter.Write(tree, gzip);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
