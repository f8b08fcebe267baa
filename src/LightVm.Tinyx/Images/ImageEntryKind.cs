namespace LightVm.Tinyx.Images;

public enum ImageEntryKind
{
    Directory,
    File,
    Symlink,
    CharDevice,
}
