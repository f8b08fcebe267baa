using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace LightVm.Noxs.Tests;

public sealed class DevicePageWriterTests : IDisposable
{
    private const UnixFileMode ReadOnlyForEveryone = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly string _directory;

    public DevicePageWriterTests()
    {
        _directory = Path.Combine(Path.GetTempPath(), "noxs-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Serialize_FullPageWithGateway_RoundTripsThroughRead()
    {
        var page = SamplePages.Full(withGateway: true);

        var read = DevicePageReader.Read(DevicePageWriter.Serialize(page));

        SamplePages.AssertSame(page, read);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), read.Nic!.Gateway);
    }

    [Fact]
    public void Serialize_NicWithoutGateway_RoundTripsWithNullGateway()
    {
        var page = SamplePages.Full(withGateway: false);

        var read = DevicePageReader.Read(DevicePageWriter.Serialize(page));

        SamplePages.AssertSame(page, read);
        Assert.NotNull(read.Nic);
        Assert.Null(read.Nic.Gateway);
    }

    [Fact]
    public void Serialize_MinimalPage_RoundTripsWithDefaults()
    {
        var page = SamplePages.Minimal();

        var read = DevicePageReader.Read(DevicePageWriter.Serialize(page));

        SamplePages.AssertSame(page, read);
        Assert.Null(read.Nic);
        Assert.Null(read.Console);
        Assert.Equal(SysctlRequest.None, read.Sysctl);
        Assert.Empty(read.Config);
    }

    [Theory]
    [InlineData(SysctlRequest.None)]
    [InlineData(SysctlRequest.Poweroff)]
    [InlineData(SysctlRequest.Suspend)]
    public void Serialize_EachSysctlRequest_RoundTrips(SysctlRequest request)
    {
        var page = SamplePages.Minimal() with { Sysctl = request };

        Assert.Equal(request, DevicePageReader.Read(DevicePageWriter.Serialize(page)).Sysctl);
    }

    [Fact]
    public void Serialize_FullPage_WritesDocumentedHeader()
    {
        var bytes = DevicePageWriter.Serialize(SamplePages.Full());

        Assert.Equal("LVDP"u8.ToArray(), bytes[..4]);
        Assert.Equal((ushort)1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        Assert.Equal((ushort)32, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(42ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8)));
        Assert.Equal((uint)bytes.Length, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(Crc32.Compute(bytes.AsSpan(32)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20)));
        Assert.Equal((ushort)5, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(24)));
        Assert.Equal((ushort)0, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(26)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)));
    }

    [Fact]
    public void Serialize_FullPage_WritesEntriesInDocumentedOrderAndFormat()
    {
        var bytes = DevicePageWriter.Serialize(SamplePages.Full());

        var entries = ReadEntries(bytes);

        Assert.Equal(
            [DevicePageLayout.EntryIdentity, DevicePageLayout.EntryNic, DevicePageLayout.EntryConsole, DevicePageLayout.EntrySysctl, DevicePageLayout.EntryConfig],
            entries.Select(e => e.Type));
        Assert.Equal(PageBytes.Identity(SamplePages.GuestId, "hello-api"), entries[0].Payload);
        Assert.Equal(
            new byte[] { 0x02, 0x00, 0x0a, 0x00, 0x00, 0x07, 10, 0, 0, 7, 24, 1, 10, 0, 0, 1 },
            entries[1].Payload);
        Assert.Equal("/var/log/lightvm/hello-api-7.log", Encoding.UTF8.GetString(entries[2].Payload));
        Assert.Equal(new byte[] { 2, 0, 0, 0 }, entries[3].Payload);
        Assert.Equal("empty=\ngreeting=héllo = world\nport=8080\n", Encoding.UTF8.GetString(entries[4].Payload));
    }

    [Fact]
    public void Serialize_ExampleFromDocs_MatchesItsHexDump()
    {
        // The worked example in docs/noxs.md, byte for byte.
        var page = SamplePages.Minimal() with { Service = "hello", Config = new Dictionary<string, string> { ["port"] = "8080" } };
        var expected = Convert.FromHexString(
            "4c564450010020000100000000000000" +
            "4f000000b186cd1b0300000000000000" +
            "010015005bad8f0fcbd99f46a1657086" +
            "7728950e68656c6c6f04000400000000" +
            "0005000a00706f72743d383038300a");

        Assert.Equal(expected, DevicePageWriter.Serialize(page));
    }

    [Fact]
    public void Serialize_NicWithoutGateway_WritesZeroFlagAndZeroGateway()
    {
        var bytes = DevicePageWriter.Serialize(SamplePages.Full(withGateway: false));

        var nic = ReadEntries(bytes).Single(e => e.Type == DevicePageLayout.EntryNic).Payload;

        Assert.Equal(new byte[] { 24, 0, 0, 0, 0, 0 }, nic[10..]);
    }

    [Fact]
    public void Serialize_ExactlyMaxPageSize_Succeeds()
    {
        var page = PageOfSize(DevicePageLayout.MaxPageSize);

        var bytes = DevicePageWriter.Serialize(page);

        Assert.Equal(DevicePageLayout.MaxPageSize, bytes.Length);
        SamplePages.AssertSame(page, DevicePageReader.Read(bytes));
    }

    [Fact]
    public void Serialize_OneByteOverMaxPageSize_ThrowsArgumentException()
    {
        var e = Assert.Throws<ArgumentException>(() => DevicePageWriter.Serialize(PageOfSize(DevicePageLayout.MaxPageSize + 1)));

        Assert.Contains("4097", e.Message, StringComparison.Ordinal);
        Assert.Contains("4096", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_HugeConfig_ThrowsArgumentException()
    {
        var page = SamplePages.Full() with
        {
            Config = Enumerable.Range(0, 500).ToDictionary(i => $"key{i}", i => new string('x', 20)),
        };

        var e = Assert.Throws<ArgumentException>(() => DevicePageWriter.Serialize(page));

        Assert.Contains("at most 4096", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a=b", "v")]
    [InlineData("a\nb", "v")]
    [InlineData("", "v")]
    [InlineData("a\\b", "v")]
    public void Serialize_UnencodableConfig_ThrowsArgumentException(string key, string value)
    {
        var page = SamplePages.Minimal() with { Config = new Dictionary<string, string> { [key] = value } };

        var e = Assert.Throws<ArgumentException>(() => DevicePageWriter.Serialize(page));

        Assert.Contains("cannot be encoded", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("line1\nline2\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\r\nMIIB\r\n-----END CERTIFICATE-----\r\n")]
    [InlineData("C:\\path\\n not a newline \\\\ two")]
    [InlineData("ends with a backslash \\")]
    public void Serialize_ConfigValueWithNewlinesOrBackslashes_RoundTripsExactly(string value)
    {
        var page = SamplePages.Minimal() with { Config = new Dictionary<string, string> { ["rules"] = value, ["port"] = "80" } };

        var bytes = DevicePageWriter.Serialize(page);
        var read = DevicePageReader.Read(bytes);

        Assert.Equal(value, read.Config["rules"]);
        Assert.Equal("80", read.Config["port"]);
        Assert.Equal(2, System.Text.Encoding.UTF8.GetString(bytes).Count(c => c == '='));
    }

    [Fact]
    public void Serialize_ConfigValueWithEquals_RoundTrips()
    {
        var page = SamplePages.Minimal() with { Config = new Dictionary<string, string> { ["url"] = "http://h/?a=b&c=d" } };

        var read = DevicePageReader.Read(DevicePageWriter.Serialize(page));

        Assert.Equal("http://h/?a=b&c=d", read.Config["url"]);
    }

    [Fact]
    public void Serialize_MacNotSixBytes_ThrowsArgumentException()
    {
        var page = SamplePages.Full() with { Nic = SamplePages.Full().Nic! with { Mac = [1, 2, 3] } };

        Assert.Throws<ArgumentException>(() => DevicePageWriter.Serialize(page));
    }

    [Fact]
    public void Serialize_IPv6Address_ThrowsArgumentException()
    {
        var page = SamplePages.Full() with { Nic = SamplePages.Full().Nic! with { Address = IPAddress.IPv6Loopback } };

        Assert.Throws<ArgumentException>(() => DevicePageWriter.Serialize(page));
    }

    [Fact]
    public void Serialize_IPv6Gateway_ThrowsArgumentException()
    {
        var page = SamplePages.Full() with { Nic = SamplePages.Full().Nic! with { Gateway = IPAddress.IPv6Loopback } };

        Assert.Throws<ArgumentException>(() => DevicePageWriter.Serialize(page));
    }

    [Fact]
    public void Serialize_PrefixOver32_ThrowsArgumentException()
    {
        var page = SamplePages.Full() with { Nic = SamplePages.Full().Nic! with { PrefixLength = 33 } };

        Assert.Throws<ArgumentException>(() => DevicePageWriter.Serialize(page));
    }

    [Fact]
    public void WriteFile_FullPage_RoundTripsThroughReadFile()
    {
        var path = Path.Combine(_directory, "page");
        var page = SamplePages.Full();

        DevicePageWriter.WriteFile(path, page);

        SamplePages.AssertSame(page, DevicePageReader.ReadFile(path));
        Assert.Equal(DevicePageWriter.Serialize(page), File.ReadAllBytes(path));
    }

    [Fact]
    public void WriteFile_NewPage_LeavesFileReadOnlyForEveryoneAndNoTemporary()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only.
        }

        var path = Path.Combine(_directory, "page");

        DevicePageWriter.WriteFile(path, SamplePages.Full());

        // Tests run as root, for whom permission checks are bypassed, so assert the mode bits themselves:
        // no write (nor execute) bit for anyone means a non-root guest cannot write to the page.
        Assert.Equal(ReadOnlyForEveryone, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".tmp"));
        Assert.Equal(["page"], Directory.EnumerateFileSystemEntries(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void WriteFile_ExistingReadOnlyPage_IsReplacedByNewGeneration()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only.
        }

        var path = Path.Combine(_directory, "page");
        DevicePageWriter.WriteFile(path, SamplePages.Full());

        DevicePageWriter.WriteFile(path, SamplePages.Full() with { Generation = 43, Sysctl = SysctlRequest.Poweroff });

        var read = DevicePageReader.ReadFile(path);
        Assert.Equal(43ul, read.Generation);
        Assert.Equal(SysctlRequest.Poweroff, read.Sysctl);
        Assert.Equal(ReadOnlyForEveryone, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void WriteFile_OversizePage_ThrowsAndLeavesNoFile()
    {
        var path = Path.Combine(_directory, "page");

        Assert.Throws<ArgumentException>(() => DevicePageWriter.WriteFile(path, PageOfSize(DevicePageLayout.MaxPageSize + 1)));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    /// <summary>A minimal page (service "s", no NIC or console) padded with one config value to exactly <paramref name="size"/> bytes.</summary>
    private static DevicePage PageOfSize(int size)
    {
        // header 32 + identity (4 + 16 + 1) + sysctl (4 + 4) + config (4 + "k=" + value + "\n")
        const int Fixed = 32 + 21 + 8 + 4 + 3;
        return SamplePages.Minimal() with { Config = new Dictionary<string, string> { ["k"] = new string('v', size - Fixed) } };
    }

    private static List<(ushort Type, byte[] Payload)> ReadEntries(byte[] page)
    {
        var entries = new List<(ushort Type, byte[] Payload)>();
        var count = BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(24));
        var offset = DevicePageLayout.HeaderSize;
        for (var i = 0; i < count; i++)
        {
            var type = BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(offset));
            var length = BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(offset + 2));
            entries.Add((type, page.AsSpan(offset + DevicePageLayout.EntryHeaderSize, length).ToArray()));
            offset += DevicePageLayout.EntryHeaderSize + length;
        }

        Assert.Equal(page.Length, offset);
        return entries;
    }
}
