using System.Text.RegularExpressions;
using LightVm.Gateway.Routing;
using LightVm.Testing;

namespace LightVm.Gateway.Tests.Routing;

public sealed partial class RouteLifecycleTests
{
    [Fact]
    public void ToMermaid_Always_IsAStateDiagramNamingEveryState()
    {
        var mermaid = RouteLifecycle.ToMermaid();

        Assert.StartsWith("stateDiagram-v2", mermaid, StringComparison.Ordinal);
        foreach (var state in Enum.GetNames<RouteState>())
        {
            Assert.Contains(state, mermaid, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToMermaid_Always_NamesEveryTrigger()
    {
        var mermaid = RouteLifecycle.ToMermaid();

        foreach (var trigger in Enum.GetNames<RouteTrigger>())
        {
            Assert.Contains($": {trigger}", mermaid, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Create_Always_StartsFromTheStateItReads()
    {
        var state = RouteState.Ready;
        var machine = RouteLifecycle.Create(() => state, s => state = s);

        machine.Fire(RouteTrigger.Pause);

        Assert.Equal(RouteState.Paused, state);
        Assert.False(machine.CanFire(RouteTrigger.Start));
    }

    [Theory]
    [InlineData(RouteState.None)]
    [InlineData(RouteState.Starting)]
    [InlineData(RouteState.Ready)]
    [InlineData(RouteState.Paused)]
    [InlineData(RouteState.Resuming)]
    [InlineData(RouteState.Failed)]
    public void Ready_AnyState_IsLegal(RouteState from)
    {
        var state = from;
        var machine = RouteLifecycle.Create(() => state, s => state = s);

        machine.Fire(RouteTrigger.Ready);

        Assert.Equal(RouteState.Ready, state);
    }

    [Theory]
    [InlineData(RouteState.None, RouteTrigger.Start, RouteState.Starting)]
    [InlineData(RouteState.Failed, RouteTrigger.Start, RouteState.Starting)]
    [InlineData(RouteState.Starting, RouteTrigger.Start, RouteState.Starting)]
    [InlineData(RouteState.Starting, RouteTrigger.StartFailed, RouteState.None)]
    [InlineData(RouteState.Paused, RouteTrigger.Resume, RouteState.Resuming)]
    [InlineData(RouteState.Resuming, RouteTrigger.Resume, RouteState.Resuming)]
    [InlineData(RouteState.Resuming, RouteTrigger.Resumed, RouteState.Ready)]
    [InlineData(RouteState.Resuming, RouteTrigger.Remove, RouteState.None)]
    [InlineData(RouteState.Paused, RouteTrigger.Fail, RouteState.Failed)]
    public void Fire_LegalTrigger_MovesTo(RouteState from, RouteTrigger trigger, RouteState to)
    {
        var state = from;
        var machine = RouteLifecycle.Create(() => state, s => state = s);

        machine.Fire(trigger);

        Assert.Equal(to, state);
    }

    [Theory]
    [InlineData(RouteState.None, RouteTrigger.Pause)]
    [InlineData(RouteState.None, RouteTrigger.Resumed)]
    [InlineData(RouteState.None, RouteTrigger.Remove)]
    [InlineData(RouteState.Starting, RouteTrigger.Remove)]
    [InlineData(RouteState.Starting, RouteTrigger.Resume)]
    [InlineData(RouteState.Ready, RouteTrigger.Start)]
    [InlineData(RouteState.Ready, RouteTrigger.StartFailed)]
    [InlineData(RouteState.Failed, RouteTrigger.Remove)]
    [InlineData(RouteState.Failed, RouteTrigger.Resumed)]
    public void CanFire_IllegalTrigger_IsFalse(RouteState from, RouteTrigger trigger)
    {
        var state = from;
        var machine = RouteLifecycle.Create(() => state, s => state = s);

        Assert.False(machine.CanFire(trigger));
        Assert.Throws<InvalidOperationException>(() => machine.Fire(trigger));
        Assert.Equal(from, state);
    }

    [Fact]
    public void RouteLifecycleDoc_MermaidBlock_MatchesGeneratedDiagram()
    {
        var path = Path.Combine(RepoRoot.Find(), "docs", "route-lifecycle.md");
        Assert.True(File.Exists(path), $"{path} is missing; create it with the mermaid block below:\n{RouteLifecycle.ToMermaid()}");
        var blocks = MermaidBlock().Matches(Normalize(File.ReadAllText(path)));

        var block = Assert.Single(blocks);
        Assert.True(
            Normalize(RouteLifecycle.ToMermaid()).TrimEnd('\n') == block.Groups["body"].Value.TrimEnd('\n'),
            $"docs/route-lifecycle.md is out of date: replace its mermaid block with the output of "
            + $"RouteLifecycle.ToMermaid():\n{RouteLifecycle.ToMermaid()}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    [GeneratedRegex(@"^```mermaid\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex MermaidBlock();
}
