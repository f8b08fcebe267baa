namespace LightVm.Control.Operator;

/// <summary>Body of POST /api/guests.</summary>
public sealed record CreateGuestBody(string? Service, bool Paused = false);
