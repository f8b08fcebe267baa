using LightVm.Tinyx;

namespace LightVm.Cli.Hosting;

/// <summary>Finds the policy directory: as given, else (for the default) beside the repository the binary came from.</summary>
internal static class PolicyDirectory
{
    public static string Resolve(string given)
    {
        if (Directory.Exists(given) || Path.IsPathRooted(given))
        {
            return Path.GetFullPath(given);
        }

        var candidate = RepositoryLayout.TryFind(AppContext.BaseDirectory) is { } repository ? Path.Combine(repository.Root, given) : null;
        return candidate is not null && Directory.Exists(candidate) ? candidate : Path.GetFullPath(given);
    }
}
