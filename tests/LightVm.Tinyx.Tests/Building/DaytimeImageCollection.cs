namespace LightVm.Tinyx.Tests.Building;

/// <summary>The tests that share one pair of daytime image builds (a publish each).</summary>
[CollectionDefinition(Name)]
public sealed class DaytimeImageCollection : ICollectionFixture<DaytimeImageFixture>
{
    public const string Name = "daytime image";
}
