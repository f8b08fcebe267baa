using System.Text.RegularExpressions;
using LightVm.Testing;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Toolstack.Tests.Lifecycle;

public sealed partial class GuestLifecycleTests
{
    [Fact]
    public void ToMermaid_Always_IsAStateDiagramNamingEveryState()
    {
        var mermaid = GuestLifecycle.ToMermaid();

        Assert.StartsWith("stateDiagram-v2", mermaid, StringComparison.Ordinal);
        foreach (var state in Enum.GetNames<GuestState>())
        {
            Assert.Contains(state, mermaid, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToMermaid_Always_NamesEveryTrigger()
    {
        var mermaid = GuestLifecycle.ToMermaid();

        foreach (var trigger in Enum.GetNames<GuestTrigger>())
        {
            Assert.Contains($": {trigger}", mermaid, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Create_Always_StartsFromTheStateItReads()
    {
        var state = GuestState.Running;
        var machine = GuestLifecycle.Create(() => state, s => state = s);

        machine.Fire(GuestTrigger.Pause);

        Assert.Equal(GuestState.Paused, state);
        Assert.False(machine.CanFire(GuestTrigger.Execute));
    }

    [Fact]
    public void GuestLifecycleDoc_MermaidBlock_MatchesGeneratedDiagram()
    {
        var path = Path.Combine(RepoRoot.Find(), "docs", "guest-lifecycle.md");
        Assert.True(File.Exists(path), $"{path} is missing; create it with the output of `lightvm guest diagram`.");
        var blocks = MermaidBlock().Matches(Normalize(File.ReadAllText(path)));

        var block = Assert.Single(blocks);
        Assert.True(
            Normalize(GuestLifecycle.ToMermaid()).TrimEnd('\n') == block.Groups["body"].Value.TrimEnd('\n'),
            $"docs/guest-lifecycle.md is out of date: replace its mermaid block with the output of "
            + $"`dotnet run --project services/LightVm.Cli -- guest diagram`:\n{GuestLifecycle.ToMermaid()}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    [GeneratedRegex(@"^```mermaid\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex MermaidBlock();
}
