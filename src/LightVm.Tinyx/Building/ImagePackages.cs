using LightVm.Tinyx.Debian;
using LightVm.Tinyx.Images;

namespace LightVm.Tinyx.Building;

/// <summary>Which Debian package (and version) ships each entry of an image, and the per-package totals of the manifest.</summary>
internal static class ImagePackages
{
    public static async Task MapAsync(ImageTree tree, string sysroot, CancellationToken cancellationToken)
    {
        var prefix = sysroot == "/" ? string.Empty : sysroot.TrimEnd('/');
        var fromRoot = tree.Entries
            .Where(e => e.Package is null && e.Kind is ImageEntryKind.File or ImageEntryKind.Symlink && (e.Kind == ImageEntryKind.Symlink || (e.Source is not null && (prefix.Length == 0 || e.Source.StartsWith(prefix + "/", StringComparison.Ordinal)))))
            .Where(e => e.Kind != ImageEntryKind.File || e.Source == prefix + e.Path)
            .Where(e => e.Kind != ImageEntryKind.Symlink || !Directory.Exists(prefix + e.Path)) // /lib -> usr/lib: many packages "own" a directory
            .ToList();
        var dpkg = new DpkgDatabase(sysroot);
        var owners = await dpkg.OwnersAsync(fromRoot.Select(e => e.Path), cancellationToken).ConfigureAwait(false);
        var versions = await dpkg.VersionsAsync(owners.Values, cancellationToken).ConfigureAwait(false);
        foreach (var entry in fromRoot)
        {
            if (owners.TryGetValue(entry.Path, out var package))
            {
                entry.Package = versions.TryGetValue(package, out var version) ? $"{package} {version}" : package;
            }
        }
    }

    public static List<ManifestPackage> List(ImageTree tree) =>
        tree.Entries
            .Where(e => e.Package is not null)
            .GroupBy(e => e.Package!, StringComparer.Ordinal)
            .Select(g =>
            {
                var space = g.Key.IndexOf(' ', StringComparison.Ordinal);
                return new ManifestPackage(space > 0 ? g.Key[..space] : g.Key, space > 0 ? g.Key[(space + 1)..] : "?", g.Count(), g.Sum(e => e.Size));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
}
