namespace LightVm.Toolstack;

/// <summary>A shell could not be prepared or a guest did not become ready; the message says why.</summary>
public sealed class GuestStartException : Exception
{
    public GuestStartException(string message)
        : base(message)
    {
    }

    public GuestStartException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public GuestStartException()
    {
    }
}
