namespace LightVm.Tinyx.Building;

/// <summary>A Debian package some image files come from.</summary>
public sealed record ManifestPackage(string Name, string Version, int Files, long Bytes);
