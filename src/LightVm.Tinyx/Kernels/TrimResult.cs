namespace LightVm.Tinyx.Kernels;

/// <summary>What <c>--trim</c> removed and kept, and the fragment written back.</summary>
public sealed record TrimResult(IReadOnlyList<string> Removed, IReadOnlyList<string> Kept, string FragmentPath, long SizeBefore, long SizeAfter);
