namespace LightVm.Noxs;

/// <summary>
/// The binary layout of a device page, version 1 (little endian). Documented field by field in docs/noxs.md.
/// <code>
/// header (32 bytes)
///   0  u32 magic "LVDP"      4  u16 version      6  u16 header length (32)
///   8  u64 generation       16  u32 total length 20  u32 CRC-32 of bytes [32, total)
///  24  u16 entry count      26  u16 flags (0)    28  u32 reserved (0)
/// entries, each: u16 type, u16 payload length, payload
/// </code>
/// </summary>
public static class DevicePageLayout
{
    public const uint Magic = 0x5044564C; // "LVDP" read as little endian
    public const ushort Version = 1;
    public const int HeaderSize = 32;
    public const int EntryHeaderSize = 4;

    /// <summary>A page is one 4 KiB page; the writer refuses anything larger.</summary>
    public const int MaxPageSize = 4096;

    public const ushort EntryIdentity = 1;
    public const ushort EntryNic = 2;
    public const ushort EntryConsole = 3;
    public const ushort EntrySysctl = 4;
    public const ushort EntryConfig = 5;
}
