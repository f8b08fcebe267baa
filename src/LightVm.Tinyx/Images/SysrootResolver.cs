namespace LightVm.Tinyx.Images;

/// <summary>
/// Adds paths of a root file system (the host's <c>/</c> or a debootstrap tree) to an image the way the
/// kernel would reach them: every symlink met on the way is kept as a symlink (absolute targets are read
/// inside the root), and the file at the end is added under its resolved path.
/// </summary>
public sealed class SysrootResolver(string root, ImageTree tree)
{
    private const int MaxLinks = 40;

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The host path of an image path inside this root.</summary>
    public string HostPath(string imagePath) => Root == "/" ? imagePath : Root + imagePath;

    /// <summary>True when the path exists inside the root (following symlinks inside the root).</summary>
    public bool Exists(string imagePath) => TryResolve(imagePath, target: null, reason: null) is not null;

    /// <summary>The resolved image path of a file or directory, symlinks followed inside the root; null when missing.</summary>
    public string? Resolve(string imagePath) => TryResolve(imagePath, target: null, reason: null);

    /// <summary>Adds the path (symlinks on the way, then the file or directory it ends at); returns the resolved path.</summary>
    public string Add(string imagePath, string reason) =>
        TryResolve(imagePath, tree, reason) ?? throw new TinyxException($"{imagePath} does not exist in {Root} (needed for: {reason})");

    private string? TryResolve(string imagePath, ImageTree? target, string? reason)
    {
        var pending = new Stack<string>(ImageTree.Normalize(imagePath).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (current.Count > 0)
                {
                    current.RemoveAt(current.Count - 1);
                }

                continue;
            }

            var candidate = "/" + string.Join('/', current.Append(part));
            var host = HostPath(candidate);
            var info = new FileInfo(host);
            if (info.LinkTarget is { } linkTarget)
            {
                if (++links > MaxLinks)
                {
                    throw new TinyxException($"{imagePath}: too many levels of symbolic links in {Root}");
                }

                target?.AddSymlink(candidate, linkTarget, $"link on the way to {imagePath}");
                if (linkTarget.StartsWith('/'))
                {
                    current.Clear();
                }

                foreach (var p in linkTarget.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(p);
                }

                continue;
            }

            if (Directory.Exists(host))
            {
                current.Add(part);
                continue;
            }

            if (info.Exists && pending.Count == 0)
            {
                current.Add(part);
                var resolved = "/" + string.Join('/', current);
                target?.AddFile(resolved, host, reason!);
                return resolved;
            }

            return null;
        }

        if (current.Count == 0)
        {
            return "/";
        }

        var directory = "/" + string.Join('/', current);
        target?.AddDirectory(directory, reason!);
        return directory;
    }
}
