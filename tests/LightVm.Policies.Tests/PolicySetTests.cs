namespace LightVm.Policies.Tests;

public sealed class PolicySetTests
{
    [Fact]
    public void Get_DifferentCase_ReturnsPolicy()
    {
        var set = new PolicySet([Policy("hello"), Policy("other")]);

        Assert.Equal("hello", set.Get("HELLO").Name);
        Assert.Equal(2, set.All.Count);
    }

    [Fact]
    public void TryGet_UnknownName_ReturnsFalse()
    {
        var set = new PolicySet([Policy("hello")]);

        Assert.False(set.TryGet("nope", out _));
    }

    [Fact]
    public void Get_UnknownName_ThrowsKeyNotFoundNamingService()
    {
        var set = new PolicySet([Policy("hello")]);

        var e = Assert.Throws<KeyNotFoundException>(() => set.Get("nope"));

        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
    }

    private static ServicePolicy Policy(string name) => new()
    {
        Name = name,
        Image = "/images/" + name,
        Driver = "process",
        Port = 8080,
        Pool = 1,
        PauseAfter = TimeSpan.FromSeconds(30),
        DestroyAfter = TimeSpan.FromMinutes(5),
        StartTimeout = TimeSpan.FromSeconds(10),
        MaxHeld = 100,
    };
}
