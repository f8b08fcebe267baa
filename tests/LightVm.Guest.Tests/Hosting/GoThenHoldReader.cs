namespace LightVm.Guest.Tests.Hosting;

/// <summary>
/// A host that says go and then stays: the first line is <c>go</c>, every later read blocks for good (the stream
/// never ends: at its end the host link would exit the test process).
/// </summary>
public sealed class GoThenHoldReader : TextReader
{
    private int _reads;

    public override string? ReadLine()
    {
        if (Interlocked.Increment(ref _reads) == 1)
        {
            return "go";
        }

        Thread.Sleep(Timeout.Infinite);
        return null;
    }
}
