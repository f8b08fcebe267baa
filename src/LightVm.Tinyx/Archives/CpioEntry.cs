namespace LightVm.Tinyx.Archives;

/// <summary>One entry read back from a newc cpio archive.</summary>
public sealed record CpioEntry(string Name, int Mode, int Uid, int Gid, long MTime, byte[] Data, int RDevMajor, int RDevMinor)
{
    public bool IsDirectory => (Mode & 0xF000) == 0x4000;

    public bool IsFile => (Mode & 0xF000) == 0x8000;

    public bool IsSymlink => (Mode & 0xF000) == 0xA000;

    public bool IsCharDevice => (Mode & 0xF000) == 0x2000;
}
