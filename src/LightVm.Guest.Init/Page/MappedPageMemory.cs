using LightVm.Guest.Init.Linux;

namespace LightVm.Guest.Init.Page;

/// <summary>Page memory mapped read-only with <c>mmap</c>: QEMU's ivshmem BAR 2 (<c>resource2</c> in sysfs; plain reads of it fail).</summary>
public sealed unsafe class MappedPageMemory : IPageMemory
{
    private byte* _memory;
    private readonly int _length;

    private MappedPageMemory(string name, byte* memory, int length)
    {
        Name = name;
        _memory = memory;
        _length = length;
    }

    public string Name { get; }

    public static MappedPageMemory Map(string path, int length)
    {
        var fd = Libc.Open(path, Libc.OReadOnly | Libc.OCloexec);
        if (fd < 0)
        {
            throw new InitException($"cannot open the device page memory {path}: {Libc.LastError()}");
        }

        try
        {
            var memory = Libc.Mmap(null, (nuint)length, Libc.ProtRead, Libc.MapShared, fd, 0);
            if (memory == (void*)-1)
            {
                throw new InitException($"cannot map the device page memory {path}: {Libc.LastError()}");
            }

            return new MappedPageMemory(path, (byte*)memory, length);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    public int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_memory == null, this);
        var count = Math.Min(buffer.Length, _length);
        new ReadOnlySpan<byte>(_memory, count).CopyTo(buffer);
        return count;
    }

    public void Dispose()
    {
        if (_memory != null)
        {
            Libc.Munmap(_memory, (nuint)_length);
            _memory = null;
        }
    }
}
