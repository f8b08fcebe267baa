using LightVm.Tinyx.Elf;
using LightVm.Tinyx.Tests.Support;

namespace LightVm.Tinyx.Tests.Elf;

public sealed class ElfReaderTests
{
    [Fact]
    public void Read_BinLs_HasTheInterpreterAndNeedsLibc()
    {
        var elf = ElfReader.Read("/bin/ls");

        Assert.True(elf.IsX8664);
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", elf.Interpreter);
        Assert.Contains("libc.so.6", elf.Needed);
        Assert.Contains("libselinux.so.1", elf.Needed);
    }

    [Fact]
    public void Read_Libc_HasItsSoNameAndNoInterpreterOfAProgram()
    {
        var elf = ElfReader.Read("/lib/x86_64-linux-gnu/libz.so.1");

        Assert.Equal("libz.so.1", elf.SoName);
        Assert.Contains("libc.so.6", elf.Needed);
    }

    [Fact]
    public void Read_TextFile_ThrowsNotAnElfFile()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("script.sh", "#!/bin/sh\necho hi\n");

        var e = Assert.Throws<TinyxException>(() => ElfReader.Read(file));

        Assert.Equal($"{file}: not an ELF file", e.Message);
        Assert.False(ElfReader.IsElf(file));
    }

    [Fact]
    public void Parse_TruncatedProgramHeaders_ThrowsCorrupt()
    {
        var bytes = File.ReadAllBytes("/bin/ls").AsSpan(0, 80).ToArray();

        var e = Assert.Throws<TinyxException>(() => ElfReader.Parse(bytes, "cut"));

        Assert.Contains("truncated or corrupt", e.Message, StringComparison.Ordinal);
    }
}
