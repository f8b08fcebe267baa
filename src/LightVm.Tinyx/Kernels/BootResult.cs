namespace LightVm.Tinyx.Kernels;

/// <summary>The outcome of one boot test: whether the ready line appeared, how long it took, the console's tail.</summary>
public sealed record BootResult(bool Ready, TimeSpan Elapsed, string Console);
