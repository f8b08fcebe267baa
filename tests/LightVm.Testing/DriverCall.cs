namespace LightVm.Testing;

/// <summary>One call a <see cref="FakeGuestDriver"/> received; <see cref="ShellId"/> is empty for a failed prepare.</summary>
public sealed record DriverCall(DriverOperation Operation, Guid ShellId, DateTimeOffset At);
