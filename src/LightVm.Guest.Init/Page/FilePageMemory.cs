using LightVm.Guest.Init.Linux;

namespace LightVm.Guest.Init.Page;

/// <summary>Page memory read with <c>pread</c>: UML's <c>/dev/mmapper</c> (the host file given as <c>iomem=</c>), or a plain file.</summary>
public sealed unsafe class FilePageMemory : IPageMemory
{
    private int _fd;

    private FilePageMemory(string path, int fd)
    {
        Name = path;
        _fd = fd;
    }

    public string Name { get; }

    public static FilePageMemory Open(string path)
    {
        var fd = Libc.Open(path, Libc.OReadOnly | Libc.OCloexec);
        if (fd < 0)
        {
            throw new InitException($"cannot open the device page memory {path}: {Libc.LastError()}");
        }

        return new FilePageMemory(path, fd);
    }

    public int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        fixed (byte* pointer = buffer)
        {
            var read = Libc.PRead(_fd, pointer, (nuint)buffer.Length, 0);
            if (read < 0)
            {
                throw new InitException($"cannot read the device page memory {Name}: {Libc.LastError()}");
            }

            return (int)read;
        }
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            Libc.Close(_fd);
            _fd = -1;
        }
    }
}
