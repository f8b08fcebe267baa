using LightVm.Contracts;

namespace LightVm.Gateway.Routing;

/// <summary>One service's routing state; every field is guarded by <see cref="Lock"/>.</summary>
internal sealed class ServiceRoute(string service)
{
    public Lock Lock { get; } = new();

    public string Service { get; } = service;

    public RouteState State { get; set; } = RouteState.None;

    public Guid GuestId { get; set; }

    public Uri? Endpoint { get; set; }

    public int Held { get; set; }

    /// <summary>Completed when the guest held requests wait for is ready (or cannot be).</summary>
    public TaskCompletionSource<Activation>? Pending { get; set; }

    public Guid RequestId { get; set; }

    public long StartingSince { get; set; }

    public bool ResumeSent { get; set; }

    public GuestTimings? LastTimings { get; set; }

    public TaskCompletionSource<Activation> NewPending()
    {
        Pending = new TaskCompletionSource<Activation>(TaskCreationOptions.RunContinuationsAsynchronously);
        return Pending;
    }

    public void Complete(Activation outcome)
    {
        Pending?.TrySetResult(outcome);
        Pending = null;
    }
}
