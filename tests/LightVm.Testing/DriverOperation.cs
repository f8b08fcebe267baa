namespace LightVm.Testing;

/// <summary>What a <see cref="FakeGuestDriver"/> was asked to do.</summary>
public enum DriverOperation
{
    Prepare,
    PrepareFailed,
    Execute,
    ExecuteFailed,
    Pause,
    Resume,
    Destroy,
}
