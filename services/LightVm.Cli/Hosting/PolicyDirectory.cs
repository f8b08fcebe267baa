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

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, given);
            if (File.Exists(Path.Combine(dir.FullName, "LightVm.Services.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(given);
    }
}
