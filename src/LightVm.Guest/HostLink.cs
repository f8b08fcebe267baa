using System.Text;

namespace LightVm.Guest;

/// <summary>
/// Standard input is the guest's tie to its host: one line (<c>go</c>) says the device page is written,
/// and end of file says the host is gone, so the guest must go too.
/// </summary>
public sealed class HostLink
{
    private readonly TextReader _reader;

    public HostLink(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
    }

    public static HostLink FromStandardInput() =>
        new(new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), false, 256));

    /// <summary>Blocks until the host writes a line; false when standard input ends first.</summary>
    public bool WaitForGo()
    {
        try
        {
            return _reader.ReadLine() is not null;
        }
        catch (IOException)
        {
            return false; // A broken pipe means the same as end of file.
        }
    }

    /// <summary>Starts a background thread that keeps reading and calls <paramref name="onHostGone"/> at end of file.</summary>
    public void WatchForHostExit(Action onHostGone)
    {
        ArgumentNullException.ThrowIfNull(onHostGone);
        var thread = new Thread(() =>
        {
            try
            {
                while (_reader.ReadLine() is not null)
                {
                    // Later lines carry nothing: updates come through the device page.
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
            Name = "host-link",
        };
        thread.Start();
    }
}
