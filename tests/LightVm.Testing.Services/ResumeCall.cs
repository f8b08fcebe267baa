namespace LightVm.Testing.Services;

/// <summary>A ResumeGuest the gateway sent through <see cref="RecordingGuestCommands"/>.</summary>
public sealed record ResumeCall(string Service, Guid GuestId);
