using System.Globalization;
using LightVm.Noxs;

namespace LightVm.Guest;

/// <summary>
/// Acts on the sysctl word of each newer device page a <see cref="DevicePageWatcher"/> raises:
/// <see cref="SysctlRequest.Poweroff"/> calls the guest's poweroff callback (once, however many pages ask);
/// <see cref="SysctlRequest.Suspend"/> is not supported and only noted on the log (standard error);
/// <see cref="SysctlRequest.None"/> does nothing, and an unknown word is noted and ignored.
/// </summary>
public sealed class SysctlHandler : IDisposable
{
    public const string SuspendNote = "suspend requested: not supported by this guest, ignored";

    private readonly DevicePageWatcher _watcher;
    private readonly Action<DevicePage> _poweroff;
    private readonly TextWriter _log;
    private int _poweredOff;

    /// <param name="watcher">The watcher whose newer pages to act on; subscribe before it starts.</param>
    /// <param name="poweroff">Called with the page that asked, on the watcher's thread: stop and exit the guest.</param>
    /// <param name="log">Where to note ignored requests; standard error when null.</param>
    public SysctlHandler(DevicePageWatcher watcher, Action<DevicePage> poweroff, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        ArgumentNullException.ThrowIfNull(poweroff);
        _watcher = watcher;
        _poweroff = poweroff;
        _log = log ?? Console.Error;
        watcher.Changed += Handle;
    }

    /// <summary>Acts on one page's sysctl word.</summary>
    public void Handle(DevicePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        switch (page.Sysctl)
        {
            case SysctlRequest.None:
                break;
            case SysctlRequest.Poweroff:
                if (Interlocked.Exchange(ref _poweredOff, 1) == 0)
                {
                    _poweroff(page);
                }

                break;
            case SysctlRequest.Suspend:
                Log(SuspendNote);
                break;
            default:
                Log(string.Create(
                    CultureInfo.InvariantCulture,
                    $"sysctl request {(uint)page.Sysctl} (generation {page.Generation}) is unknown to this guest, ignored"));
                break;
        }
    }

    public void Dispose() => _watcher.Changed -= Handle;

    private void Log(string line)
    {
        try
        {
            _log.WriteLine(line);
            _log.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Nobody reads the log any more.
        }
    }
}
