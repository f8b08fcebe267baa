namespace LightVm.FirewallGuest;

/// <summary>The status codes the proxy itself sends, with their reason phrases.</summary>
public static class HttpStatus
{
    public const int BadRequest = 400;
    public const int Forbidden = 403;
    public const int HeaderFieldsTooLarge = 431;
    public const int BadGateway = 502;
    public const int GatewayTimeout = 504;
    public const int VersionNotSupported = 505;

    public static string Reason(int status) => status switch
    {
        BadRequest => "Bad Request",
        Forbidden => "Forbidden",
        HeaderFieldsTooLarge => "Request Header Fields Too Large",
        BadGateway => "Bad Gateway",
        GatewayTimeout => "Gateway Timeout",
        VersionNotSupported => "HTTP Version Not Supported",
        _ => "Error",
    };
}
