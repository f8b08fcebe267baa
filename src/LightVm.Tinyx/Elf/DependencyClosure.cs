using LightVm.Tinyx.Images;

namespace LightVm.Tinyx.Elf;

/// <summary>
/// Adds to an image every shared object its ELF files need, transitively, as the dynamic loader would
/// find them: the interpreter (<c>PT_INTERP</c>), then each <c>DT_NEEDED</c> through <c>DT_RPATH</c>
/// (when there is no <c>DT_RUNPATH</c>), <c>DT_RUNPATH</c>, <c>ld.so.conf</c> and the default directories.
/// Each added file records which object needed it.
/// </summary>
public sealed class DependencyClosure(SysrootResolver sysroot, ImageTree tree)
{
    private readonly IReadOnlyList<string> _searchPath = LibrarySearchPath.Load(sysroot.Root);
    private readonly HashSet<string> _scanned = new(StringComparer.Ordinal);

    /// <summary>Scans every ELF file already in the image and adds what it needs; repeat-safe.</summary>
    /// <returns>How many files were added.</returns>
    public int Complete()
    {
        var before = tree.Count;
        var queue = new Queue<ImageEntry>(tree.Entries.Where(IsCandidate));
        while (queue.Count > 0)
        {
            var entry = queue.Dequeue();
            if (!_scanned.Add(entry.Path) || entry.Source is null || !ElfReader.IsElf(entry.Source))
            {
                continue;
            }

            var elf = ElfReader.Read(entry.Source);
            if (!elf.IsX8664)
            {
                throw new TinyxException($"{entry.Path} (from {entry.Source}) is not an x86-64 ELF object; these hosts cannot run it");
            }

            if (elf.Interpreter is { } interpreter)
            {
                Enqueue(queue, sysroot.Add(interpreter, $"interpreter of {entry.Path}"));
            }

            foreach (var needed in elf.Needed)
            {
                var found = Find(needed, entry.Path, elf)
                    ?? throw new TinyxException(
                        $"{needed}, needed by {entry.Path}, is not found in {sysroot.Root} (searched: {string.Join(", ", SearchDirectories(entry.Path, elf))}); " +
                        "install the package that ships it or add it under extraLibraries");
                Enqueue(queue, found);
            }
        }

        return tree.Count - before;
    }

    /// <summary>Adds a library the app opens with dlopen: a soname searched like DT_NEEDED, or an absolute path.</summary>
    public string AddLibrary(string library, string reason)
    {
        if (library.StartsWith('/'))
        {
            return sysroot.Add(library, reason);
        }

        var none = new ElfObject { IsX8664 = true };
        return Find(library, "/", none, reason)
            ?? throw new TinyxException($"extra library {library} is not found in {sysroot.Root} (searched: {string.Join(", ", _searchPath)}); install the package that ships it");
    }

    private static bool IsCandidate(ImageEntry entry) => entry.Kind == ImageEntryKind.File && entry.Source is not null;

    private void Enqueue(Queue<ImageEntry> queue, string path)
    {
        if (tree.Find(path) is { } entry && IsCandidate(entry) && !_scanned.Contains(entry.Path))
        {
            queue.Enqueue(entry);
        }
    }

    private string? Find(string needed, string requester, ElfObject elf, string? why = null)
    {
        var reason = why ?? $"NEEDED {needed} by {requester}";
        if (needed.Contains('/'))
        {
            var path = needed.StartsWith('/') ? needed : Path.GetDirectoryName(requester) + "/" + needed;
            return sysroot.Resolve(path) is null ? null : sysroot.Add(path, reason);
        }

        foreach (var directory in SearchDirectories(requester, elf))
        {
            var candidate = directory.TrimEnd('/') + "/" + needed;
            if (tree.Find(candidate) is { Kind: ImageEntryKind.File } already)
            {
                already.AddReason(reason);
                return already.Path;
            }

            var resolved = sysroot.Resolve(candidate);
            if (resolved is null || resolved == "/" || Directory.Exists(sysroot.HostPath(resolved)))
            {
                continue;
            }

            var host = sysroot.HostPath(resolved);
            if (!ElfReader.IsElf(host) || !ElfReader.Read(host).IsX8664)
            {
                continue;
            }

            return sysroot.Add(candidate, reason);
        }

        return null;
    }

    private IEnumerable<string> SearchDirectories(string requester, ElfObject elf)
    {
        var origin = Path.GetDirectoryName(requester) ?? "/";
        IEnumerable<string> Expand(IEnumerable<string> dirs) =>
            dirs.Select(d => d.Replace("${ORIGIN}", origin, StringComparison.Ordinal).Replace("$ORIGIN", origin, StringComparison.Ordinal))
                .Where(d => d.StartsWith('/'));

        var first = elf.RunPath.Count == 0 ? Expand(elf.RPath) : [];
        return first.Concat(Expand(elf.RunPath)).Concat(_searchPath).Distinct(StringComparer.Ordinal);
    }
}
