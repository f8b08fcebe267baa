using LightVm.Tinyx.Images;
using LightVm.Tinyx.Recipes;

namespace LightVm.Tinyx.Building;

/// <summary>Checks that a recipe's command is an executable file in the image (following its symlinks).</summary>
internal static class CommandCheck
{
    public static void Check(TinyxRecipe recipe, ImageTree tree, SysrootResolver sysroot)
    {
        var program = recipe.Command[0];
        var entry = tree.Find(program);
        for (var hops = 0; entry is { Kind: ImageEntryKind.Symlink } && hops < 40; hops++)
        {
            var target = entry.LinkTarget!.StartsWith('/') ? entry.LinkTarget : Path.GetDirectoryName(entry.Path) + "/" + entry.LinkTarget;
            entry = tree.Find(ImageTree.Normalize(Path.GetFullPath(target)));
        }

        if (entry is null && sysroot.Resolve(program) is { } inRoot && tree.Find(inRoot) is { } resolved)
        {
            entry = resolved;
        }

        if (entry is not { Kind: ImageEntryKind.File })
        {
            var near = tree.Entries.Where(e => e.Kind == ImageEntryKind.File && e.Path.StartsWith(Path.GetDirectoryName(program)! + "/", StringComparison.Ordinal)).Select(e => e.Path).Take(5).ToList();
            throw new TinyxException($"{recipe.SourceFile}: command: {program} is not a file in the image{(near.Count > 0 ? "; files there: " + string.Join(", ", near) : string.Empty)}");
        }

        if ((entry.Mode & 0b001_001_001) == 0)
        {
            throw new TinyxException($"{recipe.SourceFile}: command: {program} is not executable in the image");
        }
    }
}
