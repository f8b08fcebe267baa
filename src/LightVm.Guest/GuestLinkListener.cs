using System.Text;
using LightVm.Noxs;

namespace LightVm.Guest;

/// <summary>
/// The guest's end of the <see cref="GuestLink"/>: standard input is the guest's tie to its host: one line
/// (<see cref="GuestLink.Go"/>) says the device page is written, and end of file says the host is gone, so the guest
/// must go too. Before it waits, the guest says so on standard output (<see cref="GuestLink.WaitingLine"/>): the host
/// counts a shell as prepared only from then on, so the guest's own start-up (and warm-up) is never paid on the
/// request path.
/// </summary>
public sealed class GuestLinkListener
{

    private readonly TextReader _reader;
    private readonly TextWriter? _announce;

    public GuestLinkListener(TextReader reader, TextWriter? announce = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _announce = announce;
    }

    public static GuestLinkListener FromStandardInput() =>
        new(new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), false, 256), Console.Out);

    /// <summary>Says <see cref="GuestLink.WaitingLine"/>, then blocks until the host writes a line; false when standard input ends first.</summary>
    public bool WaitForGo()
    {
        try
        {
            if (_announce is not null)
            {
                _announce.WriteLine(GuestLink.WaitingLine);
                _announce.Flush();
            }

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
            Name = "guest-link",
        };
        thread.Start();
    }
}
