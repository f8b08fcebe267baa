namespace LightVm.Control.Operator;

/// <summary>Body of PUT /api/pools/{service}.</summary>
public sealed record ResizePoolBody(int? Target);
