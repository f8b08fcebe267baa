namespace LightVm.Tinyx.Building;

/// <summary>
/// The part of an image folder's <c>manifest.json</c> a runtime needs to start its app (argv, extra environment,
/// whether it speaks the host link); every other field may be absent.
/// </summary>
public sealed record ManifestLaunch
{
    public IReadOnlyList<string>? Command { get; init; }

    public IReadOnlyDictionary<string, string>? Env { get; init; }

    public bool Noxs { get; init; }
}
