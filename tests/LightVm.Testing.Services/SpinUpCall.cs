namespace LightVm.Testing.Services;

/// <summary>A SpinUpGuest the gateway sent through <see cref="RecordingGuestCommands"/>.</summary>
public sealed record SpinUpCall(string Service, Guid RequestId);
