namespace LightVm.Architecture.Tests;

/// <summary>The project graph of the repository: services -> src, benchmarks never on a service, leaf libraries stay leaves.</summary>
public sealed class ProjectGraphTests
{
    /// <summary>Test projects whose subject is not the project of their name, and why.</summary>
    private static readonly Dictionary<string, string> SubjectOf = new(StringComparer.Ordinal)
    {
        ["LightVm.Integration.Tests"] = "LightVm.Cli", // the whole platform, started through the CLI
        ["LightVm.LoadTests.Tests"] = "LightVm.LoadTesting", // the load-test library behind lightvm-loadtests and lightvm bench
    };

    /// <summary>Test projects with no project subject.</summary>
    private static readonly HashSet<string> NoSubject = new(StringComparer.Ordinal) { "LightVm.Architecture.Tests" };

    public static TheoryData<string> Projects(string area) => [.. ProjectGraph.In(area).Select(p => p.Name)];

    public static TheoryData<string> SrcProjects() => Projects("src");

    public static TheoryData<string> LoadtestProjects() => Projects("loadtests");

    public static TheoryData<string> TestProjects() => [.. ProjectGraph.In("tests").Where(p => p.IsTestProject).Select(p => p.Name)];

    [Fact]
    public void Load_Repository_FindsEveryArea()
    {
        Assert.All(ProjectGraph.Areas, area => Assert.NotEmpty(ProjectGraph.In(area)));
        Assert.Contains(ProjectGraph.All, p => p.Name == "LightVm.Toolstack" && p.Area == "src");
    }

    [Theory]
    [MemberData(nameof(SrcProjects))]
    public void SrcProject_References_NeverAServiceOrABenchmark(string project)
    {
        var wrong = ProjectGraph.Named(project).References.Where(r => r.Area is "services" or "loadtests" or "tests");

        Assert.Empty(wrong);
    }

    [Theory]
    [InlineData("LightVm.Contracts")]
    [InlineData("LightVm.Noxs")]
    [InlineData("LightVm.Devd")]
    public void LeafProject_References_Nothing(string project)
    {
        Assert.Empty(ProjectGraph.Named(project).References);
    }

    [Fact]
    public void Toolstack_References_OnlyNoxsDevdAndTinyx()
    {
        var allowed = new[] { "LightVm.Noxs", "LightVm.Devd", "LightVm.Tinyx" };

        Assert.All(ProjectGraph.Named("LightVm.Toolstack").References, r => Assert.Contains(r.Name, allowed));
    }

    [Fact]
    public void Gateway_References_NeverTheToolstack()
    {
        Assert.DoesNotContain(ProjectGraph.Named("LightVm.Gateway").References, r => r.Name == "LightVm.Toolstack");
    }

    [Theory]
    [MemberData(nameof(LoadtestProjects))]
    public void LoadtestProject_References_NeverAService(string project)
    {
        var services = ProjectGraph.Named(project).References.Where(r => r.Area is "services" or "tests");

        Assert.Empty(services);
    }

    [Theory]
    [MemberData(nameof(TestProjects))]
    public void TestProject_References_ItsSubject(string project)
    {
        if (NoSubject.Contains(project))
        {
            return;
        }

        var test = ProjectGraph.Named(project);
        var subject = ProjectGraph.Named(SubjectOf.GetValueOrDefault(project) ?? project[..^".Tests".Length]);
        if (subject.Area == "unikernels")
        {
            // A guest is tested as its published NativeAOT binary, started the way the process driver starts it.
            Assert.Contains(test.References, r => r.Name == "LightVm.Guest.Testing");
        }
        else
        {
            Assert.Contains(test.References, r => r.Name == subject.Name);
        }
    }

    [Theory]
    [MemberData(nameof(TestProjects))]
    public void TestProject_OfASrcProject_DoesNotBuildTheServices(string project)
    {
        var subject = SubjectOf.GetValueOrDefault(project) ?? project[..^".Tests".Length];
        if (!ProjectGraph.All.Any(p => p.Name == subject && p.Area == "src"))
        {
            return;
        }

        // Transitively: a src project's tests build neither YARP nor MassTransit (the services bring them).
        Assert.DoesNotContain(ProjectGraph.Closure(project), r => r.Area == "services" || r.Name == "LightVm.Testing.Services");
    }
}
