namespace LightVm.Toolstack.Lifecycle;

/// <summary>An intent that is not legal in the guest's current state.</summary>
public sealed class GuestStateException : InvalidOperationException
{
    public GuestStateException(string message)
        : base(message)
    {
    }

    public GuestStateException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public GuestStateException()
    {
    }
}
