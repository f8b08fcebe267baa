using LightVm.Gateway.Fronts;

namespace LightVm.Gateway.Tests.Fronts;

public sealed class BasicCredentialsTests
{
    [Fact]
    public void TryParse_BasicUserToken_GivesBoth()
    {
        Assert.True(BasicCredentials.TryParse("Basic " + Convert.ToBase64String("alice:s3cret:with:colons"u8.ToArray()), out var credentials));

        Assert.Equal("alice", credentials.User);
        Assert.Equal("s3cret:with:colons", credentials.Token);
        Assert.True(credentials.TokenEquals("s3cret:with:colons"));
        Assert.False(credentials.TokenEquals("s3cret"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer abc")]
    [InlineData("Basic !!!notbase64")]
    [InlineData("Basic bm9jb2xvbg==")] // "nocolon"
    [InlineData("Basic OnRva2Vu")] // ":token", no user
    public void TryParse_NotBasicUserToken_False(string? header)
    {
        Assert.False(BasicCredentials.TryParse(header, out _));
    }
}
