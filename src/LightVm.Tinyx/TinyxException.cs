namespace LightVm.Tinyx;

/// <summary>A build or inspect failure with a message that says what is wrong and what to do about it.</summary>
public sealed class TinyxException : Exception
{
    public TinyxException(string message)
        : base(message)
    {
    }

    public TinyxException()
    {
    }

    public TinyxException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
