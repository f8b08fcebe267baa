namespace LightVm.TlsTerminator;

/// <summary>The guest cannot start (no page path, unreadable page, bad config, unusable certificate or key, cannot bind): exit code 2.</summary>
public sealed class GuestStartupException : Exception
{
    public GuestStartupException(string message)
        : base(message)
    {
    }

    public GuestStartupException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public GuestStartupException()
    {
    }
}
