namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// A QMP command that failed: QEMU answered with an error (<see cref="ErrorClass"/> is its class, e.g.
/// <c>GenericError</c>), or the connection ended first (QEMU exited or crashed; <see cref="ErrorClass"/> is null).
/// </summary>
public sealed class QmpException : Exception
{
    public QmpException(string message)
        : base(message)
    {
    }

    public QmpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public QmpException(string message, string? errorClass)
        : base(message)
    {
        ErrorClass = errorClass;
    }

    public QmpException()
    {
    }

    /// <summary>QEMU's error class when QEMU answered; null when the connection failed or ended.</summary>
    public string? ErrorClass { get; }
}
