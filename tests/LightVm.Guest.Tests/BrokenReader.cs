namespace LightVm.Guest.Tests;

/// <summary>A reader whose pipe is broken: every read fails with an <see cref="IOException"/>.</summary>
public sealed class BrokenReader : TextReader
{
    public override string? ReadLine() => throw new IOException("Broken pipe");
}
