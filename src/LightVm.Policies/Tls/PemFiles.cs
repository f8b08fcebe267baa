namespace LightVm.Policies.Tls;

/// <summary>Writes PEM files: certificates readable by all, keys by their owner only (0600, from creation on).</summary>
internal static class PemFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void WritePublic(string path, string pem) => File.WriteAllText(path, pem);

    /// <summary>Writes a fresh file created 0600, so the key is never readable by others, not even for a moment.</summary>
    public static void WritePrivate(string path, string pem)
    {
        File.Delete(path); // An existing file would keep its mode.
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = OwnerOnly,
        };
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(pem);
        }

        File.SetUnixFileMode(path, OwnerOnly); // Whatever the umask did.
    }
}
