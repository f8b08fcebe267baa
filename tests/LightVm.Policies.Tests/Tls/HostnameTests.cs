using LightVm.Policies.Tls;

namespace LightVm.Policies.Tests.Tls;

public sealed class HostnameTests
{
    [Theory]
    [InlineData("hello.localhost")]
    [InlineData("a-b.example.com")]
    [InlineData("*.example.com")]
    [InlineData("x1.y2.z3")]
    public void Validate_DnsName_ReturnsNull(string name) => Assert.Null(Hostname.Validate(name));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("localhost", "two labels")]
    [InlineData("a..b", "empty label")]
    [InlineData("-a.b", "hyphen")]
    [InlineData("a_b.c", "'_'")]
    [InlineData("*.com", "wildcard")]
    [InlineData("a.*.com", "wildcard")]
    [InlineData("*x.example.com", "wildcard")]
    [InlineData("a.b.", "empty label")]
    public void Validate_NotADnsName_SaysWhy(string name, string expected)
    {
        var error = Hostname.Validate(name);

        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LabelOver63_SaysSo() =>
        Assert.Contains("longer than 63", Hostname.Validate(new string('a', 64) + ".com"), StringComparison.Ordinal);

    [Fact]
    public void Normalize_MixedCase_ReturnsLowerCase() => Assert.Equal("hello.example.com", Hostname.Normalize("Hello.Example.COM"));

    [Fact]
    public void Normalize_Invalid_ThrowsArgumentException() => Assert.Throws<ArgumentException>(() => Hostname.Normalize("bad host"));
}
