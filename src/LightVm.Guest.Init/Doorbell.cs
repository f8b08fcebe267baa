namespace LightVm.Guest.Init;

/// <summary>
/// The host's doorbell: any line on the init's standard input (the VM console) says "look at your page now".
/// It carries nothing; everything the guest is told is in the page. A background thread reads the console.
/// </summary>
public sealed class Doorbell : IDisposable
{
    private readonly SemaphoreSlim _rings = new(0, int.MaxValue);
    private readonly Stream _input;

    public Doorbell(Stream input)
    {
        _input = input;
    }

    public void Start()
    {
        var thread = new Thread(ReadLoop) { IsBackground = true, Name = "doorbell" };
        thread.Start();
    }

    /// <summary>True when the bell rang within <paramref name="timeout"/>; rings that came meanwhile are taken together.</summary>
    public bool Wait(TimeSpan timeout)
    {
        if (!_rings.Wait(timeout))
        {
            return false;
        }

        while (_rings.Wait(0))
        {
            // Coalesce: one look at the page answers every ring so far.
        }

        return true;
    }

    public void Dispose() => _rings.Dispose();

    private void ReadLoop()
    {
        var buffer = new byte[64];
        try
        {
            while (true)
            {
                var read = _input.Read(buffer);
                if (read <= 0)
                {
                    return; // No console input (closed or /dev/null): the poll alone serves.
                }

                if (buffer.AsSpan(0, read).Contains((byte)'\n'))
                {
                    _rings.Release();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            // Same as no input.
        }
    }
}
