namespace LightVm.Devd.Network;

/// <summary>An address pool has no free address left (every host address of its subnet is rented).</summary>
public sealed class AddressPoolExhaustedException : InvalidOperationException
{
    public AddressPoolExhaustedException()
    {
    }

    public AddressPoolExhaustedException(string message)
        : base(message)
    {
    }

    public AddressPoolExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
