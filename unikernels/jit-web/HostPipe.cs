using System.Text;

namespace LightVm.JitWeb;

/// <summary>
/// Standard input is the guest's tie to its host: one line (<c>go</c>) says the device page is written,
/// and end of file says the host is gone, so the guest must go too.
/// </summary>
public sealed class HostPipe
{
    private readonly TextReader _reader;

    public HostPipe(TextReader reader)
    {
        _reader = reader;
    }

    public static HostPipe FromStandardInput() =>
        new(new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), false, 256));

    /// <summary>Blocks until the host writes a line; false when standard input ends first.</summary>
    public bool WaitForGo() => _reader.ReadLine() is not null;

    /// <summary>Starts a background thread that keeps reading and calls <paramref name="onHostGone"/> at end of file.</summary>
    public void WatchForHostExit(Action onHostGone)
    {
        var thread = new Thread(() =>
        {
            try
            {
                while (_reader.ReadLine() is not null)
                {
                    // Later lines carry nothing yet; the page is read once.
                }
            }
            catch (IOException)
            {
                // A broken pipe means the same as end of file.
            }

            onHostGone();
        })
        {
            IsBackground = true,
            Name = "host-pipe",
        };
        thread.Start();
    }
}
