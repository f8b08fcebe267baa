namespace LightVm.Cli.Commands;

/// <summary>A failure the CLI reports as one line on stderr with a non-zero exit code.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message)
        : base(message)
    {
    }

    public CliException()
    {
    }

    public CliException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
