namespace LightVm.Noxs;

/// <summary>A device page that cannot be read: wrong magic, unsupported version, bad checksum, truncated.</summary>
public sealed class DevicePageFormatException : Exception
{
    public DevicePageFormatException(string message)
        : base(message)
    {
    }

    public DevicePageFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public DevicePageFormatException()
    {
    }
}
