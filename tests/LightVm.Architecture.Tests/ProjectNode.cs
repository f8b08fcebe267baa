namespace LightVm.Architecture.Tests;

/// <summary>One .csproj: its name (file name without extension), its top folder (src, services, ...) and the projects it references.</summary>
public sealed record ProjectNode(string Name, string Area, string RelativePath, IReadOnlyList<ProjectLink> References)
{
    public bool IsTestProject => Area == "tests" && Name.EndsWith(".Tests", StringComparison.Ordinal);

    public override string ToString() => RelativePath;
}
