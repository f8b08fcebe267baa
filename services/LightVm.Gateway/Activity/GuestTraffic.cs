namespace LightVm.Gateway.Activity;

internal sealed class GuestTraffic
{
    public int InFlight;
    public int Requests;

    /// <summary>Requests that ended since the last batch: their end is activity the agents must hear of too.</summary>
    public int Ended;
    private long _lastTicks;

    public DateTimeOffset Last => new(Interlocked.Read(ref _lastTicks), TimeSpan.Zero);

    public void Touch(DateTimeOffset at) => Interlocked.Exchange(ref _lastTicks, at.UtcTicks);
}
