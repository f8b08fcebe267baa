namespace LightVm.Gateway.Fronts;

/// <summary>What the first bytes of a TLS connection say: more are needed, not TLS, or a ClientHello with or without SNI.</summary>
public sealed record ClientHelloResult
{
    public static readonly ClientHelloResult NeedMore = new() { Complete = false };

    /// <summary>False while the ClientHello has not been read entirely.</summary>
    public bool Complete { get; private init; } = true;

    /// <summary>Why the bytes are not a TLS ClientHello; null when they are.</summary>
    public string? Error { get; private init; }

    /// <summary>The SNI host name (lower case, no trailing dot); null when the client sent none.</summary>
    public string? ServerName { get; private init; }

    public static ClientHelloResult NotTls(string error) => new() { Error = error };

    public static ClientHelloResult Parsed(string? serverName) => new() { ServerName = serverName };
}
