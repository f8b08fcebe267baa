using System.Globalization;
using LightVm.Noxs;

namespace LightVm.Guest;

/// <summary>
/// Watches a guest's device page for newer generations. The host replaces the page atomically (a rename over
/// <c>page</c>), so the watcher listens to the page's directory (inotify, through <see cref="FileSystemWatcher"/>)
/// for the file being created, changed or renamed into place, and also polls the file's length and last write
/// time, so that a missed event only delays an update: every couple of seconds when the directory cannot be
/// watched, every half minute when it can (inotify loses nothing short of a queue overflow, which raises an error
/// event that is checked at once; each timer tick wakes the thread pool, which an idle guest should not pay for,
/// least of all under user-mode Linux, where every guest system call is a round of host ptrace calls). Each time
/// it re-reads the page with <see cref="DevicePageReader.ReadFile"/>; a page with a greater generation becomes <see cref="Current"/>
/// and is raised through <see cref="Changed"/>. A page that cannot be read, or whose generation is older, is
/// ignored and said once on the log (standard error); a page with the same generation is the same page and
/// is ignored silently.
/// </summary>
/// <remarks>
/// Subscribe to <see cref="Changed"/>, then call <see cref="Start"/>. Handlers run one at a time, in
/// generation order, on the watcher's event or timer thread; an exception from a handler is logged, never
/// thrown. Nothing here throws on the event threads.
/// </remarks>
public sealed class DevicePageWatcher : IDisposable
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    /// <summary>The safety poll while file events work (never shorter than the poll interval given).</summary>
    public static readonly TimeSpan EventBackedPollInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly string _fileName;
    private readonly TimeSpan _pollInterval;
    private readonly bool _useFileEvents;
    private readonly TextWriter _log;
    private DevicePage _current;
    private PageFileStamp _lastStamp;
    private string? _lastRejection;
    private FileSystemWatcher? _events;
    private Timer? _poll;
    private bool _started;
    private bool _disposed;

    /// <summary>Reads the page now (throwing as <see cref="DevicePageReader.ReadFile"/> does) as the current one.</summary>
    public DevicePageWatcher(string pagePath)
        : this(pagePath, DevicePageReader.ReadFile(pagePath))
    {
    }

    /// <summary>Watches <paramref name="pagePath"/>, whose page the guest has already read as <paramref name="current"/>.</summary>
    /// <param name="pagePath">The device page file.</param>
    /// <param name="current">The page the guest runs with; only a greater generation is raised.</param>
    /// <param name="log">Where to say that a page was ignored; standard error when null.</param>
    public DevicePageWatcher(string pagePath, DevicePage current, TextWriter? log = null)
        : this(pagePath, current, DefaultPollInterval, useFileEvents: true, log ?? Console.Error)
    {
    }

    internal DevicePageWatcher(string pagePath, DevicePage current, TimeSpan pollInterval, bool useFileEvents, TextWriter log)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pagePath);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        var fullPath = Path.GetFullPath(pagePath);
        PagePath = fullPath;
        _directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"The page path '{pagePath}' has no directory.", nameof(pagePath));
        _fileName = Path.GetFileName(fullPath);
        _current = current;
        _pollInterval = pollInterval;
        _useFileEvents = useFileEvents;
        _log = log;
    }

    /// <summary>A page with a greater generation than <see cref="Current"/> was read; it is now current.</summary>
    public event Action<DevicePage>? Changed;

    public string PagePath { get; }

    /// <summary>How often the file is polled once started: short without file events, long with them.</summary>
    public TimeSpan PollInterval { get; private set; }

    /// <summary>The newest page seen: the one given at construction or the last one raised.</summary>
    public DevicePage Current => Volatile.Read(ref _current);

    /// <summary>
    /// Starts watching (file events and the safety poll), then reads the page once, so that a page written
    /// between the guest's first read and this call is not missed. Never throws for a directory that cannot
    /// be watched: it says so and relies on the poll.
    /// </summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                return;
            }

            _started = true;
            if (_useFileEvents)
            {
                _events = TryWatchDirectory();
            }

            var interval = _events is null ? _pollInterval : TimeSpan.FromTicks(Math.Max(_pollInterval.Ticks, EventBackedPollInterval.Ticks));
            PollInterval = interval;
            _poll = new Timer(_ => Poll(), null, interval, interval);
        }

        Check();
    }

    public void Dispose()
    {
        FileSystemWatcher? events;
        Timer? poll;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            (events, _events) = (_events, null);
            (poll, _poll) = (_poll, null);
        }

        // Outside the lock: an event thread may be waiting for it.
        events?.Dispose();
        poll?.Dispose();
    }

    private FileSystemWatcher? TryWatchDirectory()
    {
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(_directory, _fileName)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Created += OnFileEvent;
            watcher.Changed += OnFileEvent;
            watcher.Renamed += OnFileEvent;
            watcher.Error += OnWatchError;
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            watcher?.Dispose();
            Log(string.Create(
                CultureInfo.InvariantCulture,
                $"device page: cannot watch {_directory} ({ex.Message}); checking {_fileName} every {_pollInterval.TotalSeconds} s instead"));
            return null;
        }
    }

    private void OnFileEvent(object? sender, FileSystemEventArgs e) => Check();

    private void OnWatchError(object? sender, ErrorEventArgs e) => Check(); // E.g. the event queue overflowed: look now.

    private void Poll()
    {
        try
        {
            PageFileStamp last;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                last = _lastStamp;
            }

            if (PageFileStamp.Of(PagePath) != last)
            {
                Check();
            }
        }
        catch (Exception ex)
        {
            Log($"device page: poll failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private void Check()
    {
        try
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                CheckLocked();
            }
        }
        catch (Exception ex)
        {
            Log($"device page: check failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private void CheckLocked()
    {
        // Stamp first: a page replaced during the read gives a different stamp, so the poll looks again.
        _lastStamp = PageFileStamp.Of(PagePath);
        DevicePage page;
        try
        {
            page = DevicePageReader.ReadFile(PagePath);
        }
        catch (Exception ex) when (ex is DevicePageFormatException or IOException or UnauthorizedAccessException)
        {
            Reject($"device page: ignored {PagePath}: {ex.Message} (keeping generation {_current.Generation})");
            return;
        }

        var current = _current;
        if (page.Generation <= current.Generation)
        {
            if (page.Generation < current.Generation)
            {
                Reject($"device page: ignored {PagePath}: generation {page.Generation} is older than the current {current.Generation}");
            }

            return; // The same generation is the same page: nothing new (events often come in pairs).
        }

        _lastRejection = null;
        Volatile.Write(ref _current, page);
        Raise(page);
    }

    /// <summary>Says why a page was ignored, once: the same reason again (more events for the same file) is not repeated.</summary>
    private void Reject(string reason)
    {
        if (reason == _lastRejection)
        {
            return;
        }

        _lastRejection = reason;
        Log(reason);
    }

    private void Raise(DevicePage page)
    {
        var handlers = Changed;
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((Action<DevicePage>)handler)(page);
            }
            catch (Exception ex)
            {
                Log($"device page: a handler failed on generation {page.Generation}: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    private void Log(string line)
    {
        try
        {
            _log.WriteLine(line);
            _log.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Nobody reads the log any more; watching matters more than saying so.
        }
    }
}
