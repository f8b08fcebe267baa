namespace LightVm.Guest.Http;

/// <summary>The parts of a request head the guest uses.</summary>
/// <param name="Method">The request method, as sent (a token).</param>
/// <param name="Path">The request target up to any query or fragment.</param>
/// <param name="Http11">True for HTTP/1.1, false for HTTP/1.0.</param>
/// <param name="KeepAlive">Whether the connection stays open after the response.</param>
/// <param name="ContentLength">The body length to read and discard (0 without Content-Length).</param>
public sealed record HttpRequestHead(string Method, string Path, bool Http11, bool KeepAlive, long ContentLength)
{
    public bool IsHead => Method == "HEAD";
}
