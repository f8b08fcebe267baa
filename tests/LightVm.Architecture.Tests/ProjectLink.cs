namespace LightVm.Architecture.Tests;

/// <summary>A ProjectReference: the referenced project's name and top folder (src, services, loadtests, tests, unikernels).</summary>
public sealed record ProjectLink(string Name, string Area)
{
    public override string ToString() => $"{Area}/{Name}";
}
