using System.Text;
using LightVm.Guest.Http;

namespace LightVm.Guest.Tests.Http;

public sealed class HttpRequestParserTests
{
    [Fact]
    public void TryParse_KeepAliveRequestWithQuery_GivesThePathAndLength()
    {
        Assert.True(HttpRequestParser.TryParse(Head("POST /a/b?c=d HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n"), out var request, out _));

        Assert.Equal("POST", request.Method);
        Assert.Equal("/a/b", request.Path);
        Assert.True(request.Http11);
        Assert.True(request.KeepAlive);
        Assert.Equal(5, request.ContentLength);
    }

    [Fact]
    public void TryParse_Http10WithoutKeepAlive_Closes()
    {
        Assert.True(HttpRequestParser.TryParse(Head("GET / HTTP/1.0\r\n\r\n"), out var request, out _));

        Assert.False(request.KeepAlive);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", HttpStatus.LengthRequired)]
    [InlineData("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", HttpStatus.BadRequest)]
    [InlineData("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", HttpStatus.BadRequest)]
    [InlineData("GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n", HttpStatus.BadRequest)]
    [InlineData("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", HttpStatus.BadRequest)]
    [InlineData("GET / HTTP/2.0\r\n\r\n", HttpStatus.VersionNotSupported)]
    [InlineData("GET /a b HTTP/1.1\r\n\r\n", HttpStatus.BadRequest)]
    public void TryParse_SmugglingOrMalformedHead_IsRefused(string head, int status)
    {
        Assert.False(HttpRequestParser.TryParse(Head(head), out _, out var errorStatus));

        Assert.Equal(status, errorStatus);
    }

    [Fact]
    public void TryParseProxy_AbsoluteForm_KeepsTargetVersionAndFields()
    {
        Assert.True(HttpRequestParser.TryParseProxy(
            Head("GET http://example.test:8080/x?y HTTP/1.0\r\nHost: example.test\r\nX-A:  b \r\n\r\n"), out var request, out _, out _));

        Assert.Equal("GET", request.Method);
        Assert.Equal("http://example.test:8080/x?y", request.Target);
        Assert.Equal("HTTP/1.0", request.Version);
        Assert.Equal([new("Host", "example.test"), new("X-A", "b")], request.Fields);
        Assert.False(request.IsConnect);
    }

    [Fact]
    public void TryParseProxy_Connect_IsAuthorityForm()
    {
        Assert.True(HttpRequestParser.TryParseProxy(Head("CONNECT [::1]:443 HTTP/1.1\r\nHost: [::1]:443\r\n\r\n"), out var request, out _, out _));

        Assert.True(request.IsConnect);
        Assert.Equal("[::1]:443", request.Target);
    }

    [Fact]
    public void TryParseProxy_TransferEncodingAlone_IsRelayed()
    {
        Assert.True(HttpRequestParser.TryParseProxy(Head("POST http://a.test/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"), out var request, out _, out _));

        Assert.Equal("chunked", Assert.Single(request.Fields).Value);
    }

    [Theory]
    [InlineData("POST http://a.test/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", HttpStatus.BadRequest, "both Content-Length and Transfer-Encoding")]
    [InlineData("GET http://a.test/ HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", HttpStatus.BadRequest, "malformed or conflicting Content-Length")]
    [InlineData("GET http://a.test/ HTTP/1.1\r\nX: a\r\n folded\r\n\r\n", HttpStatus.BadRequest, "malformed header field (empty, folded, or with a bare CR, LF or NUL)")]
    [InlineData("GET http://a.test/ HTTP/1.1\r\nBad Name: a\r\n\r\n", HttpStatus.BadRequest, "malformed header field name")]
    [InlineData("GET http://a.test/ HTTP/3.0\r\n\r\n", HttpStatus.VersionNotSupported, "only HTTP/1.0 and HTTP/1.1 are proxied")]
    [InlineData("GET http://a.test/\u0001 HTTP/1.1\r\n\r\n", HttpStatus.BadRequest, "malformed request target (control characters, spaces or non-ASCII)")]
    [InlineData("GET\r\n\r\n", HttpStatus.BadRequest, "malformed request line: expected METHOD TARGET HTTP/1.x")]
    public void TryParseProxy_SmugglingOrMalformedHead_SaysWhy(string head, int status, string why)
    {
        Assert.False(HttpRequestParser.TryParseProxy(Head(head), out _, out var errorStatus, out var error));

        Assert.Equal(status, errorStatus);
        Assert.Equal(why, error);
    }

    private static byte[] Head(string text) => Encoding.Latin1.GetBytes(text);
}
