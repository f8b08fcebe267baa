namespace LightVm.Guest;

/// <summary>What the safety poll compares: whether the page file exists, its length and its last write time.</summary>
internal readonly record struct PageFileStamp(bool Exists, long Length, DateTime LastWriteUtc)
{
    public static PageFileStamp Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? new PageFileStamp(true, info.Length, info.LastWriteTimeUtc) : default;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return default; // Gone between the two looks: the next look or event settles it.
        }
    }
}
