using System.Buffers.Binary;
using System.Text;

namespace LightVm.Noxs.Tests;

public sealed class DevicePageReaderTests
{
    [Fact]
    public void Read_VersionMismatch_ThrowsNamingBothVersions()
    {
        var bytes = DevicePageWriter.Serialize(SamplePages.Full());
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 7);

        var e = Assert.Throws<DevicePageFormatException>(() => DevicePageReader.Read(bytes));

        Assert.Contains("version 7", e.Message, StringComparison.Ordinal);
        Assert.Contains("version 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadMagic_ThrowsFormatException()
    {
        var bytes = DevicePageWriter.Serialize(SamplePages.Full());
        bytes[0] = (byte)'X';

        var e = Assert.Throws<DevicePageFormatException>(() => DevicePageReader.Read(bytes));

        Assert.Contains("magic", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DevicePageLayout.HeaderSize)]
    [InlineData(DevicePageLayout.HeaderSize + 20)]
    [InlineData(-1)]
    public void Read_FlippedBodyByte_ThrowsChecksumMismatch(int index)
    {
        var bytes = DevicePageWriter.Serialize(SamplePages.Full());
        bytes[index < 0 ? bytes.Length - 1 : index] ^= 0x40;

        var e = Assert.Throws<DevicePageFormatException>(() => DevicePageReader.Read(bytes));

        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongChecksumField_ThrowsChecksumMismatch()
    {
        var bytes = DevicePageWriter.Serialize(SamplePages.Full());
        bytes[20] ^= 0x01;

        var e = Assert.Throws<DevicePageFormatException>(() => DevicePageReader.Read(bytes));

        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(DevicePageLayout.HeaderSize - 1)]
    public void Read_ShorterThanHeader_ThrowsFormatException(int length)
    {
        var bytes = DevicePageWriter.Serialize(SamplePages.Full())[..length];

        var e = Assert.Throws<DevicePageFormatException>(() => DevicePageReader.Read(bytes));

        Assert.Contains("header", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    public void Read_TruncatedBody_ThrowsFormatException(int missing)
    {
        var full = DevicePageWriter.Serialize(SamplePages.Full());
        var bytes = full[..(full.Length - missing)];

        var e = Assert.Throws<DevicePageFormatException>(() => DevicePageReader.Read(bytes));

        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TrailingBytesAfterTotal_AreIgnored()
    {
        var full = DevicePageWriter.Serialize(SamplePages.Full());
        var padded = new byte[DevicePageLayout.MaxPageSize];
        full.CopyTo(padded, 0);

        SamplePages.AssertSame(SamplePages.Full(), DevicePageReader.Read(padded));
    }

    [Fact]
    public void Read_HeaderLengthNot32_ThrowsFormatException()
    {
        var bytes = DevicePageWriter.Serialize(SamplePages.Full());
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), 40);

        Assert.Throws<DevicePageFormatException>(() => DevicePageReader.Read(bytes));
    }

    [Fact]
    public void Read_UnknownEntryType_IsSkipped()
    {
        var page = SamplePages.Full();
        var bytes = PageBytes.WithEntryFirst(DevicePageWriter.Serialize(page), 0x7F01, Encoding.UTF8.GetBytes("from a newer host"));
        Assert.Equal(6, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(24)));

        var read = DevicePageReader.Read(bytes);

        SamplePages.AssertSame(page, read);
    }

    [Fact]
    public void Read_UnknownEmptyEntryAtEnd_IsSkipped()
    {
        var bytes = PageBytes.Build(
            9,
            (DevicePageLayout.EntryIdentity, PageBytes.Identity(SamplePages.GuestId, "svc")),
            (200, []));

        var read = DevicePageReader.Read(bytes);

        Assert.Equal(9ul, read.Generation);
        Assert.Equal("svc", read.Service);
        Assert.Null(read.Nic);
        Assert.Empty(read.Config);
    }

    [Fact]
    public void Read_NoIdentityEntry_ThrowsFormatException()
    {
        var bytes = PageBytes.Build(1, (DevicePageLayout.EntrySysctl, new byte[4]));

        var e = Assert.Throws<DevicePageFormatException>(() => DevicePageReader.Read(bytes));

        Assert.Contains("identity", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DevicePageLayout.EntryNic, 15)]
    [InlineData(DevicePageLayout.EntrySysctl, 3)]
    [InlineData(DevicePageLayout.EntryIdentity, 15)]
    public void Read_KnownEntryWithBadLength_ThrowsFormatException(ushort type, int length)
    {
        var bytes = PageBytes.Build(
            1,
            (DevicePageLayout.EntryIdentity, PageBytes.Identity(SamplePages.GuestId, "svc")),
            (type, new byte[length]));

        var e = Assert.Throws<DevicePageFormatException>(() => DevicePageReader.Read(bytes));

        Assert.Contains("bad length", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EntryRunningPastEnd_ThrowsFormatException()
    {
        var bytes = PageBytes.Build(1, (DevicePageLayout.EntryIdentity, PageBytes.Identity(SamplePages.GuestId, "svc")));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(DevicePageLayout.HeaderSize + 2), 500);
        PageBytes.Reseal(bytes);

        var e = Assert.Throws<DevicePageFormatException>(() => DevicePageReader.Read(bytes));

        Assert.Contains("past the end", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EntryCountBeyondEntries_ThrowsFormatException()
    {
        var bytes = PageBytes.Build(1, (DevicePageLayout.EntryIdentity, PageBytes.Identity(SamplePages.GuestId, "svc")));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(24), 2);

        var e = Assert.Throws<DevicePageFormatException>(() => DevicePageReader.Read(bytes));

        Assert.Contains("past the end", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ConfigLineWithoutEquals_ThrowsFormatException()
    {
        var bytes = PageBytes.Build(
            1,
            (DevicePageLayout.EntryIdentity, PageBytes.Identity(SamplePages.GuestId, "svc")),
            (DevicePageLayout.EntryConfig, Encoding.UTF8.GetBytes("port=8080\nnonsense\n")));

        var e = Assert.Throws<DevicePageFormatException>(() => DevicePageReader.Read(bytes));

        Assert.Contains("nonsense", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_MissingFile_ThrowsFileNotFoundException()
    {
        var path = Path.Combine(Path.GetTempPath(), "noxs-missing-" + Guid.NewGuid().ToString("N"));

        Assert.Throws<FileNotFoundException>(() => DevicePageReader.ReadFile(path));
    }
}
