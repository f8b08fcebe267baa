namespace LightVm.Guest.Http;

/// <summary>The status codes the guests send themselves, with their reason phrases.</summary>
public static class HttpStatus
{
    public const int Ok = 200;
    public const int BadRequest = 400;
    public const int Forbidden = 403;
    public const int LengthRequired = 411;
    public const int ContentTooLarge = 413;
    public const int HeaderFieldsTooLarge = 431;
    public const int BadGateway = 502;
    public const int GatewayTimeout = 504;
    public const int VersionNotSupported = 505;

    public static string Reason(int status) => status switch
    {
        Ok => "OK",
        BadRequest => "Bad Request",
        Forbidden => "Forbidden",
        LengthRequired => "Length Required",
        ContentTooLarge => "Content Too Large",
        HeaderFieldsTooLarge => "Request Header Fields Too Large",
        BadGateway => "Bad Gateway",
        GatewayTimeout => "Gateway Timeout",
        VersionNotSupported => "HTTP Version Not Supported",
        _ => "Error",
    };
}
