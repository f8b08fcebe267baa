namespace LightVm.Tinyx.Images;

/// <summary>
/// The file tree of an image, keyed by absolute image path and always enumerated in ordinal order, so
/// everything written from it (rootfs, cpio, manifest) comes out the same for the same inputs.
/// </summary>
public sealed class ImageTree
{
    private readonly SortedDictionary<string, ImageEntry> _entries = new(StringComparer.Ordinal);

    public IEnumerable<ImageEntry> Entries => _entries.Values;

    public int Count => _entries.Count;

    public ImageEntry? Find(string path) => _entries.GetValueOrDefault(Normalize(path));

    public bool Contains(string path) => _entries.ContainsKey(Normalize(path));

    public ImageEntry AddDirectory(string path, string reason, int mode = 0b111_101_101) =>
        Add(new ImageEntry { Path = Normalize(path), Kind = ImageEntryKind.Directory, Mode = mode }, reason);

    public ImageEntry AddFile(string path, string source, string reason)
    {
        var mode = (File.GetUnixFileMode(source) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0
            ? 0b111_101_101
            : 0b110_100_100;
        return Add(new ImageEntry { Path = Normalize(path), Kind = ImageEntryKind.File, Source = source, Mode = mode }, reason);
    }

    public ImageEntry AddContent(string path, byte[] content, bool executable, string reason) =>
        Add(new ImageEntry { Path = Normalize(path), Kind = ImageEntryKind.File, Content = content, Mode = executable ? 0b111_101_101 : 0b110_100_100 }, reason);

    public ImageEntry AddSymlink(string path, string target, string reason) =>
        Add(new ImageEntry { Path = Normalize(path), Kind = ImageEntryKind.Symlink, LinkTarget = target, Mode = 0b111_111_111 }, reason);

    public ImageEntry AddCharDevice(string path, int major, int minor, int mode, string reason) =>
        Add(new ImageEntry { Path = Normalize(path), Kind = ImageEntryKind.CharDevice, DeviceMajor = major, DeviceMinor = minor, Mode = mode }, reason);

    /// <summary>
    /// Adds everything below the host directory <paramref name="source"/> under <paramref name="target"/>, in ordinal
    /// order: directories, files (their bytes read when written) and symlinks (as links).
    /// </summary>
    public void AddHostDirectory(string target, string source, string reason)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var entry = target.TrimEnd('/') + "/" + System.IO.Path.GetRelativePath(source, path).Replace('\\', '/');
            if (new FileInfo(path).LinkTarget is { } link)
            {
                AddSymlink(entry, link, reason);
            }
            else if (Directory.Exists(path))
            {
                AddDirectory(entry, reason);
            }
            else
            {
                AddFile(entry, path, reason);
            }
        }
    }

    /// <summary>Removes a path and everything under it; returns how many entries went.</summary>
    public int Remove(string path)
    {
        var normalized = Normalize(path);
        var doomed = _entries.Keys.Where(k => k == normalized || k.StartsWith(normalized + "/", StringComparison.Ordinal)).ToList();
        foreach (var key in doomed)
        {
            _entries.Remove(key);
        }

        return doomed.Count;
    }

    /// <summary>Adds the missing parent directories of every entry (each archive needs them before their contents).</summary>
    public void AddParentDirectories()
    {
        foreach (var entry in _entries.Values.ToList())
        {
            for (var parent = ParentOf(entry.Path); parent is not null && parent != "/"; parent = ParentOf(parent))
            {
                if (!_entries.ContainsKey(parent))
                {
                    AddDirectory(parent, "parent directory");
                }
            }
        }
    }

    public long TotalSize => _entries.Values.Sum(e => e.Size);

    public static string Normalize(string path)
    {
        if (!path.StartsWith('/'))
        {
            throw new TinyxException($"image path '{path}' must be absolute");
        }

        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                throw new TinyxException($"image path '{path}' must not contain '..'");
            }

            parts.Add(part);
        }

        if (parts.Count == 0)
        {
            throw new TinyxException("the image root '/' cannot be an entry");
        }

        return "/" + string.Join('/', parts);
    }

    private static string? ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? null : path[..slash];
    }

    private ImageEntry Add(ImageEntry entry, string reason)
    {
        if (_entries.TryGetValue(entry.Path, out var existing))
        {
            if (existing.Kind != entry.Kind
                || (entry.Kind == ImageEntryKind.Symlink && existing.LinkTarget != entry.LinkTarget)
                || (entry.Kind == ImageEntryKind.File && (existing.Source != entry.Source || existing.Content is not null || entry.Content is not null)))
            {
                throw new TinyxException($"{entry.Path} is added twice with different contents ({Describe(existing)} for '{string.Join("; ", existing.Reasons)}', then {Describe(entry)} for '{reason}')");
            }

            existing.AddReason(reason);
            return existing;
        }

        for (var parent = ParentOf(entry.Path); parent is not null && parent != "/"; parent = ParentOf(parent))
        {
            if (_entries.TryGetValue(parent, out var p) && p.Kind != ImageEntryKind.Directory)
            {
                throw new TinyxException($"{entry.Path} ({reason}) would go under {parent}, which is a {p.Kind.ToString().ToLowerInvariant()} in the image; add it under the resolved path instead");
            }
        }

        _entries.Add(entry.Path, entry);
        entry.AddReason(reason);
        return entry;
    }

    private static string Describe(ImageEntry e) => e.Kind switch
    {
        ImageEntryKind.File => e.Source is not null ? $"file from {e.Source}" : "generated file",
        ImageEntryKind.Symlink => $"symlink to {e.LinkTarget}",
        _ => e.Kind.ToString().ToLowerInvariant(),
    };
}
