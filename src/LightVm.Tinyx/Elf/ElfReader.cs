using System.Buffers.Binary;
using System.Text;

namespace LightVm.Tinyx.Elf;

/// <summary>
/// Reads the program headers and the dynamic section of an ELF file: the interpreter, <c>DT_NEEDED</c>,
/// <c>DT_SONAME</c>, <c>DT_RPATH</c> and <c>DT_RUNPATH</c>. Only what the loader reads, nothing else.
/// </summary>
public static class ElfReader
{
    private const uint PtLoad = 1;
    private const uint PtDynamic = 2;
    private const uint PtInterp = 3;
    private const long DtNull = 0;
    private const long DtNeeded = 1;
    private const long DtStrTab = 5;
    private const long DtSoName = 14;
    private const long DtRPath = 15;
    private const long DtRunPath = 29;
    private const ushort MachineX8664 = 62;

    /// <summary>True when the file starts with the ELF magic.</summary>
    public static bool IsElf(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[4];
            return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4
                && magic[0] == 0x7f && magic[1] == (byte)'E' && magic[2] == (byte)'L' && magic[3] == (byte)'F';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static ElfObject Read(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TinyxException($"{path}: cannot read ELF file: {e.Message}", e);
        }

        return Parse(data, path);
    }

    public static ElfObject Parse(ReadOnlySpan<byte> data, string name)
    {
        if (data.Length < 64 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
        {
            throw new TinyxException($"{name}: not an ELF file");
        }

        if (data[4] != 2 || data[5] != 1)
        {
            // 32-bit or big-endian: never loadable by an x86-64 loader; the resolver skips such candidates.
            return new ElfObject { IsX8664 = false };
        }

        var machine = BinaryPrimitives.ReadUInt16LittleEndian(data[18..]);
        var phOff = Checked(BinaryPrimitives.ReadUInt64LittleEndian(data[32..]), data.Length, name);
        var phEntSize = BinaryPrimitives.ReadUInt16LittleEndian(data[54..]);
        var phNum = BinaryPrimitives.ReadUInt16LittleEndian(data[56..]);
        if (phNum > 0 && (phEntSize < 56 || phOff + ((long)phEntSize * phNum) > data.Length))
        {
            throw new TinyxException($"{name}: truncated or corrupt ELF program header table");
        }

        string? interpreter = null;
        var loads = new List<(ulong VAddr, ulong Offset, ulong FileSize)>();
        (long Offset, long Size)? dynamic = null;
        for (var i = 0; i < phNum; i++)
        {
            var ph = data.Slice((int)(phOff + ((long)i * phEntSize)), phEntSize);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(ph);
            var offset = BinaryPrimitives.ReadUInt64LittleEndian(ph[8..]);
            var vaddr = BinaryPrimitives.ReadUInt64LittleEndian(ph[16..]);
            var fileSize = BinaryPrimitives.ReadUInt64LittleEndian(ph[32..]);
            switch (type)
            {
                case PtLoad:
                    loads.Add((vaddr, offset, fileSize));
                    break;
                case PtInterp:
                    interpreter = CString(data, Checked(offset, data.Length, name), name);
                    break;
                case PtDynamic:
                    dynamic = (Checked(offset, data.Length, name), (long)Math.Min(fileSize, (ulong)data.Length));
                    break;
            }
        }

        if (dynamic is null)
        {
            return new ElfObject { IsX8664 = machine == MachineX8664, Interpreter = interpreter };
        }

        var entries = new List<(long Tag, ulong Value)>();
        ulong? strTabAddr = null;
        var (dynOffset, dynSize) = dynamic.Value;
        for (var at = dynOffset; at + 16 <= dynOffset + dynSize && at + 16 <= data.Length; at += 16)
        {
            var tag = BinaryPrimitives.ReadInt64LittleEndian(data[(int)at..]);
            var value = BinaryPrimitives.ReadUInt64LittleEndian(data[(int)(at + 8)..]);
            if (tag == DtNull)
            {
                break;
            }

            if (tag == DtStrTab)
            {
                strTabAddr = value;
            }

            entries.Add((tag, value));
        }

        if (strTabAddr is null)
        {
            throw new TinyxException($"{name}: dynamic section has no string table (DT_STRTAB)");
        }

        var strTab = AddressToOffset(strTabAddr.Value, loads)
            ?? throw new TinyxException($"{name}: DT_STRTAB address 0x{strTabAddr.Value:x} is outside every PT_LOAD segment");
        var needed = new List<string>();
        string? soName = null;
        var rpath = new List<string>();
        var runpath = new List<string>();
        foreach (var (tag, value) in entries)
        {
            switch (tag)
            {
                case DtNeeded:
                    needed.Add(CString(data, Checked(strTab + value, data.Length, name), name));
                    break;
                case DtSoName:
                    soName = CString(data, Checked(strTab + value, data.Length, name), name);
                    break;
                case DtRPath:
                    rpath.AddRange(SplitPath(CString(data, Checked(strTab + value, data.Length, name), name)));
                    break;
                case DtRunPath:
                    runpath.AddRange(SplitPath(CString(data, Checked(strTab + value, data.Length, name), name)));
                    break;
            }
        }

        return new ElfObject
        {
            IsX8664 = machine == MachineX8664,
            Interpreter = interpreter,
            Needed = needed,
            SoName = soName,
            RPath = rpath,
            RunPath = runpath,
        };
    }

    private static ulong? AddressToOffset(ulong address, List<(ulong VAddr, ulong Offset, ulong FileSize)> loads)
    {
        foreach (var (vaddr, offset, fileSize) in loads)
        {
            if (address >= vaddr && address < vaddr + fileSize)
            {
                return address - vaddr + offset;
            }
        }

        return null;
    }

    private static long Checked(ulong offset, int length, string name) =>
        offset < (ulong)length ? (long)offset : throw new TinyxException($"{name}: ELF offset 0x{offset:x} is past the end of the file");

    private static string CString(ReadOnlySpan<byte> data, long offset, string name)
    {
        var rest = data[(int)offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw new TinyxException($"{name}: unterminated string at ELF offset 0x{offset:x}");
        }

        return Encoding.UTF8.GetString(rest[..end]);
    }

    private static string[] SplitPath(string value) =>
        value.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
