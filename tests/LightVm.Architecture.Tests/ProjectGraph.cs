using System.Xml.Linq;
using LightVm.Testing;

namespace LightVm.Architecture.Tests;

/// <summary>Every project of the repository (src, services, loadtests, tests, unikernels) with its ProjectReferences, read from the .csproj files.</summary>
public static class ProjectGraph
{
    public static readonly string[] Areas = ["src", "services", "loadtests", "tests", "unikernels"];

    private static readonly Lazy<IReadOnlyList<ProjectNode>> Loaded = new(Load);

    public static IReadOnlyList<ProjectNode> All => Loaded.Value;

    public static IEnumerable<ProjectNode> In(string area) => All.Where(p => p.Area == area);

    public static ProjectNode Named(string name) =>
        All.SingleOrDefault(p => p.Name == name) ?? throw new InvalidOperationException($"No project {name} in the repository.");

    /// <summary>Every project <paramref name="name"/> builds: its references, theirs, and so on.</summary>
    public static IReadOnlyList<ProjectLink> Closure(string name)
    {
        var seen = new Dictionary<string, ProjectLink>(StringComparer.Ordinal);
        var queue = new Queue<ProjectLink>(Named(name).References);
        while (queue.TryDequeue(out var link))
        {
            if (seen.TryAdd(link.Name, link))
            {
                foreach (var next in Named(link.Name).References)
                {
                    queue.Enqueue(next);
                }
            }
        }

        return [.. seen.Values];
    }

    private static List<ProjectNode> Load()
    {
        var root = RepoRoot.Find();
        var projects = new List<ProjectNode>();
        foreach (var area in Areas)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, area), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var references = XDocument.Load(file).Descendants("ProjectReference")
                    .Select(r => (string?)r.Attribute("Include") ?? string.Empty)
                    .Select(include => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, include.Replace('\\', '/'))))
                    .Select(target => new ProjectLink(Path.GetFileNameWithoutExtension(target), AreaOf(root, target)))
                    .ToList();
                projects.Add(new ProjectNode(Path.GetFileNameWithoutExtension(file), area, Path.GetRelativePath(root, file), references));
            }
        }

        return projects;
    }

    private static string AreaOf(string root, string path) => Path.GetRelativePath(root, path).Split('/')[0];
}
