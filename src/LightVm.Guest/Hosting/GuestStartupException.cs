namespace LightVm.Guest.Hosting;

/// <summary>The guest cannot start (no page path, unreadable page, a bad config value, cannot bind): exit code 2.</summary>
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
