namespace LightVm.Tinyx.Images;

/// <summary>
/// One path in an image: where its bytes come from (a host file or inline content), its normalized mode
/// and why it is there. Owners and times are not recorded: every archive writes uid/gid 0 and mtime 0.
/// </summary>
public sealed class ImageEntry
{
    private readonly List<string> _reasons = [];

    public required string Path { get; init; }

    public required ImageEntryKind Kind { get; init; }

    /// <summary>Host file the content is read from (files only, unless <see cref="Content"/> is set).</summary>
    public string? Source { get; init; }

    /// <summary>Inline content (generated files such as <c>/lightvm/app.json</c>).</summary>
    public byte[]? Content { get; init; }

    public string? LinkTarget { get; init; }

    /// <summary>Permission bits only (no file type): 0755 or 0644 for files, 0755 for directories.</summary>
    public required int Mode { get; init; }

    public int DeviceMajor { get; init; }

    public int DeviceMinor { get; init; }

    /// <summary>Debian package that ships this path, with its version (<c>libc6 2.36-9+deb12u10</c>), when known.</summary>
    public string? Package { get; set; }

    public IReadOnlyList<string> Reasons => _reasons;

    public long Size => Kind switch
    {
        ImageEntryKind.File => Content?.LongLength ?? new FileInfo(Source!).Length,
        ImageEntryKind.Symlink => LinkTarget!.Length,
        _ => 0,
    };

    public void AddReason(string reason)
    {
        if (!_reasons.Contains(reason, StringComparer.Ordinal))
        {
            _reasons.Add(reason);
        }
    }

    public byte[] ReadContent() => Content ?? File.ReadAllBytes(Source!);
}
