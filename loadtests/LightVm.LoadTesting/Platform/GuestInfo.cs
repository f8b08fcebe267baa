namespace LightVm.LoadTesting.Platform;

/// <summary>One guest as the control API lists it.</summary>
public sealed record GuestInfo(Guid Id, string Service, string State, Uri? Endpoint);
