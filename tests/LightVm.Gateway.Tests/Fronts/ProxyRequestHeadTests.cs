using System.Text;
using LightVm.Gateway.Fronts;

namespace LightVm.Gateway.Tests.Fronts;

public sealed class ProxyRequestHeadTests
{
    [Fact]
    public void Parse_AbsoluteFormWithCredentials_GivesMethodTargetAndAuthorization()
    {
        var head = Parse("GET http://example.test/a?b=c HTTP/1.1\r\nHost: example.test\r\nproxy-authorization:  Basic YWxpY2U6czNjcmV0 \r\n\r\n");

        Assert.NotNull(head);
        Assert.Equal("GET", head.Method);
        Assert.Equal("http://example.test/a?b=c", head.Target);
        Assert.Equal("Basic YWxpY2U6czNjcmV0", head.ProxyAuthorization);
    }

    [Fact]
    public void Parse_Connect_GivesHostAndPort()
    {
        var head = Parse("CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n");

        Assert.Equal("CONNECT", head!.Method);
        Assert.Equal("example.test:443", head.Target);
        Assert.Null(head.ProxyAuthorization);
    }

    [Fact]
    public void Parse_IncompleteHead_NeedsMore()
    {
        Assert.Null(Parse("GET http://example.test/ HTTP/1.1\r\nHost: example.test\r\n"));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "absolute http:// URL")]
    [InlineData("CONNECT example.test HTTP/1.1\r\n\r\n", "CONNECT needs host:port")]
    [InlineData("hello\r\n\r\n", "not a request line")]
    [InlineData("GET http://x/ HTTP/1.1\r\nno colon here\r\n\r\n", "not a header line")]
    public void Parse_Malformed_ThrowsSayingWhy(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => Parse(text));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HeadLongerThanTheBound_Throws()
    {
        var text = "GET http://x/ HTTP/1.1\r\nX-Long: " + new string('a', ProxyRequestHead.MaxBytes);

        var e = Assert.Throws<FormatException>(() => Parse(text));

        Assert.Contains("longer than", e.Message, StringComparison.Ordinal);
    }

    private static ProxyRequestHead? Parse(string text) => ProxyRequestHead.Parse(Encoding.Latin1.GetBytes(text));
}
