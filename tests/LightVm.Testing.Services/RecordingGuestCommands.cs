using LightVm.Gateway.Routing;

namespace LightVm.Testing.Services;

/// <summary>Records the commands a gateway sends instead of putting them on a bus.</summary>
public sealed class RecordingGuestCommands : IGuestCommands
{
    private readonly Lock _lock = new();
    private readonly List<SpinUpCall> _spinUps = [];
    private readonly List<ResumeCall> _resumes = [];

    public IReadOnlyList<SpinUpCall> SpinUps
    {
        get
        {
            lock (_lock)
            {
                return [.. _spinUps];
            }
        }
    }

    public IReadOnlyList<ResumeCall> Resumes
    {
        get
        {
            lock (_lock)
            {
                return [.. _resumes];
            }
        }
    }

    public Task SpinUpAsync(string service, Guid requestId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _spinUps.Add(new SpinUpCall(service, requestId));
        }

        return Task.CompletedTask;
    }

    public Task ResumeAsync(string service, Guid guestId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _resumes.Add(new ResumeCall(service, guestId));
        }

        return Task.CompletedTask;
    }
}
