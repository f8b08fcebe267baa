namespace LightVm.Policies.Tls;

/// <summary>
/// A certificate or key cannot be used: the message names the file and the problem, never the key's contents.
/// </summary>
public sealed class TlsMaterialException : Exception
{
    public TlsMaterialException(string message)
        : base(message)
    {
    }

    public TlsMaterialException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public TlsMaterialException()
    {
    }
}
