namespace LightVm.Guest.Init.Page;

/// <summary>Where the host's device page shows up in the guest: read-only memory the host writes.</summary>
public interface IPageMemory : IDisposable
{
    /// <summary>A human-readable name for messages ("/dev/mmapper", "ivshmem 0000:00:01.0").</summary>
    string Name { get; }

    /// <summary>Copies the page memory's current bytes into <paramref name="buffer"/>; returns how many.</summary>
    int Read(Span<byte> buffer);
}
