using System.Text;

namespace LightVm.Guest;

/// <summary>
/// Standard input is the guest's tie to its host: one line (<c>go</c>) says the device page is written,
/// and end of file says the host is gone, so the guest must go too.
/// </summary>
public sealed class HostLink
{
    /// <summary>
    /// Set by a VM guest's init: the file the application creates once its own start-up is done and it waits
    /// for <c>go</c>, so that the init says "waiting for device page" (and the host stops the VM) only then, and
    /// the application's start-up is paid at prepare, not on the request path.
    /// </summary>
    public const string WaitingFileVariable = "LIGHTVM_WAITING_FILE";

    private readonly TextReader _reader;

    public HostLink(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
    }

    public static HostLink FromStandardInput() =>
        new(new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), false, 256));

    /// <summary>
    /// Says the application waits for <c>go</c> (see <see cref="WaitingFileVariable"/>), then blocks until the host
    /// writes a line; false when standard input ends first.
    /// </summary>
    public bool WaitForGo()
    {
        AnnounceWaiting(Environment.GetEnvironmentVariable(WaitingFileVariable));
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

    /// <summary>Creates the (empty) waiting file when one is named; a failure only costs the early stop.</summary>
    internal static void AnnounceWaiting(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        try
        {
            File.WriteAllBytes(path, []);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The init then waits for its timeout and goes on.
        }
    }
}
