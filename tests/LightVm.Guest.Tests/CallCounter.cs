namespace LightVm.Guest.Tests;

/// <summary>Counts calls from any thread.</summary>
public sealed class CallCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}
