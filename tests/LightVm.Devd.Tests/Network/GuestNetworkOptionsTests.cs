using System.ComponentModel.DataAnnotations;
using LightVm.Devd.Network;

namespace LightVm.Devd.Tests.Network;

public sealed class GuestNetworkOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoProblem()
    {
        Assert.Empty(Problems(new GuestNetworkOptions()));
    }

    [Theory]
    [InlineData("bridge-name-too-long", "10.77.0.0/16", "127.77.0.0/16", "Bridge")]
    [InlineData("lvbr0", "10.77.0.0", "127.77.0.0/16", "Subnet")]
    [InlineData("lvbr0", "10.77.0.0/16", "10.78.0.0/16", "LoopbackSubnet")]
    public void Validate_BadValue_NamesTheSetting(string bridge, string subnet, string loopback, string member)
    {
        var problem = Assert.Single(Problems(new GuestNetworkOptions { Bridge = bridge, Subnet = subnet, LoopbackSubnet = loopback }));

        Assert.Equal([member], problem.MemberNames);
        Assert.StartsWith($"LightVm:Network:{member}: ", problem.ErrorMessage, StringComparison.Ordinal);
    }

    private static List<ValidationResult> Problems(GuestNetworkOptions options)
    {
        List<ValidationResult> results = [];
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
