namespace LightVm.Tinyx.Images;

/// <summary>Writes an image tree as a directory (the <c>rootfs/</c> of an image folder, which container runtimes use).</summary>
internal static class RootfsWriter
{
    public static void Write(ImageTree tree, string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        foreach (var entry in tree.Entries)
        {
            var path = directory + entry.Path;
            switch (entry.Kind)
            {
                case ImageEntryKind.Directory:
                    Directory.CreateDirectory(path);
                    File.SetUnixFileMode(path, (UnixFileMode)entry.Mode);
                    break;
                case ImageEntryKind.File:
                    if (entry.Content is { } content)
                    {
                        File.WriteAllBytes(path, content);
                    }
                    else
                    {
                        File.Copy(entry.Source!, path);
                    }

                    File.SetUnixFileMode(path, (UnixFileMode)entry.Mode);
                    break;
                case ImageEntryKind.Symlink:
                    File.CreateSymbolicLink(path, entry.LinkTarget!);
                    break;
                default:
                    // Device nodes are the container runtime's business (runc makes /dev).
                    break;
            }
        }
    }
}
