namespace LightVm.Guest.Init;

/// <summary>Something the init cannot go on without; its message is printed on the console before power-off.</summary>
public sealed class InitException : Exception
{
    public InitException()
    {
    }

    public InitException(string message)
        : base(message)
    {
    }

    public InitException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
