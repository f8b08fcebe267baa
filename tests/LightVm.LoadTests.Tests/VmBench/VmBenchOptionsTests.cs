using LightVm.VmBench;

namespace LightVm.LoadTests.Tests.VmBench;

public sealed class VmBenchOptionsTests
{
    [Fact]
    public void Parse_NoArguments_BothDriversWithDefaults()
    {
        var options = VmBenchOptions.Parse([]);

        Assert.Equal(["uml", "qemu"], options.Drivers);
        Assert.Equal(200, options.Count("execute", "qemu"));
        Assert.Equal(1000, options.Count("density", "uml"));
        Assert.Null(options.OutDirectory);
    }

    [Fact]
    public void Parse_PerDriverCounts_EachDriverGetsItsOwnAndOthersTheDefault()
    {
        var options = VmBenchOptions.Parse(["--drivers", "uml,qemu", "--density", "uml=500,qemu=100", "--cold", "5", "--save", "qemu=3", "--out", "/tmp/x"]);

        Assert.Equal(500, options.Count("density", "uml"));
        Assert.Equal(100, options.Count("density", "qemu"));
        Assert.Equal(5, options.Count("cold", "uml"));
        Assert.Equal(5, options.Count("cold", "qemu"));
        Assert.Equal(3, options.Count("save", "qemu"));
        Assert.Equal(10, options.Count("save", "uml"));
        Assert.Equal("/tmp/x", options.OutDirectory);
    }

    [Theory]
    [InlineData("--drivers", "oci")]
    [InlineData("--drivers", "uml,uml")]
    [InlineData("--density", "lots")]
    [InlineData("--density", "xen=3")]
    [InlineData("--speed", "3")]
    [InlineData("--cold", "-1")]
    public void Parse_BadArgument_ArgumentExceptionNamingIt(string option, string value)
    {
        var e = Assert.Throws<ArgumentException>(() => VmBenchOptions.Parse([option, value]));

        Assert.Contains(option.TrimStart('-'), e.Message, StringComparison.Ordinal);
    }
}
