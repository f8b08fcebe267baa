namespace LightVm.Guest.Http;

/// <summary>A parsed request head as a forward proxy needs it: the target and version as sent, and every field in order.</summary>
/// <param name="Method">The method token.</param>
/// <param name="Target">The request target: absolute-form (<c>http://host:port/path</c>) or, for CONNECT, authority-form.</param>
/// <param name="Version">The protocol version as sent: <c>HTTP/1.1</c> or <c>HTTP/1.0</c>.</param>
/// <param name="Fields">The header fields in order, names and values as sent (Latin-1 text).</param>
public sealed record ProxyRequest(string Method, string Target, string Version, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public bool IsConnect => Method == "CONNECT";
}
