using System.Buffers.Binary;

namespace LightVm.Noxs.Tests;

/// <summary>Hand-crafts and patches serialized device pages, keeping the header consistent where asked.</summary>
internal static class PageBytes
{
    /// <summary>Inserts an entry at the start of the body (before the identity) and fixes total, count and CRC.</summary>
    public static byte[] WithEntryFirst(byte[] page, ushort type, byte[] payload)
    {
        var entry = new byte[DevicePageLayout.EntryHeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(entry, type);
        BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(2), (ushort)payload.Length);
        payload.CopyTo(entry, DevicePageLayout.EntryHeaderSize);

        var result = new byte[page.Length + entry.Length];
        page.AsSpan(0, DevicePageLayout.HeaderSize).CopyTo(result);
        entry.CopyTo(result, DevicePageLayout.HeaderSize);
        page.AsSpan(DevicePageLayout.HeaderSize).CopyTo(result.AsSpan(DevicePageLayout.HeaderSize + entry.Length));

        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(16), (uint)result.Length);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(result.AsSpan(24));
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(24), (ushort)(count + 1));
        return Reseal(result);
    }

    /// <summary>Builds a page from raw entries with a correct header and CRC.</summary>
    public static byte[] Build(ulong generation, params (ushort Type, byte[] Payload)[] entries)
    {
        var total = DevicePageLayout.HeaderSize + entries.Sum(e => DevicePageLayout.EntryHeaderSize + e.Payload.Length);
        var page = new byte[total];
        var offset = DevicePageLayout.HeaderSize;
        foreach (var (type, payload) in entries)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(offset), type);
            BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(offset + 2), (ushort)payload.Length);
            payload.CopyTo(page, offset + DevicePageLayout.EntryHeaderSize);
            offset += DevicePageLayout.EntryHeaderSize + payload.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(page, DevicePageLayout.Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(4), DevicePageLayout.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(6), DevicePageLayout.HeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(8), generation);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(16), (uint)total);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(24), (ushort)entries.Length);
        return Reseal(page);
    }

    /// <summary>Recomputes the CRC-32 over bytes [32, total).</summary>
    public static byte[] Reseal(byte[] page)
    {
        var total = (int)BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(16));
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(20), Crc32.Compute(page.AsSpan(DevicePageLayout.HeaderSize, total - DevicePageLayout.HeaderSize)));
        return page;
    }

    /// <summary>The identity payload: 16-byte guest id followed by the UTF-8 service name.</summary>
    public static byte[] Identity(Guid guestId, string service)
    {
        var name = System.Text.Encoding.UTF8.GetBytes(service);
        var payload = new byte[16 + name.Length];
        Assert.True(guestId.TryWriteBytes(payload));
        name.CopyTo(payload, 16);
        return payload;
    }
}
