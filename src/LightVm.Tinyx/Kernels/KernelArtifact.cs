namespace LightVm.Tinyx.Kernels;

/// <summary>A built kernel in the cache: <c>&lt;cache&gt;/kernels/&lt;platform&gt;-&lt;hash&gt;/{bzImage|linux, config, build.log}</c>.</summary>
public sealed record KernelArtifact(KernelConfig Config, string Directory, bool FromCache)
{
    public string ImagePath => Path.Combine(Directory, Config.Target.FileName);

    public string ConfigPath => Path.Combine(Directory, "config");

    public string LogPath => Path.Combine(Directory, "build.log");

    public long Size => new FileInfo(ImagePath).Length;
}
