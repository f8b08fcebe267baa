namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>Whether this process can make taps, and why (or why not) in words for the log.</summary>
public sealed record TapCapability(bool Usable, string Reason);
