using System.Net;
using System.Net.Sockets;
using LightVm.Noxs;

namespace LightVm.Guest.Hosting;

/// <summary>
/// The life every noxs guest shares: parse the options, warm up, say it waits for go and wait
/// (<see cref="GuestLinkListener"/>), read the page (file or metadata store), start the app's server, then serve
/// until the host goes away (stdin ends: exit 0) or a newer page asks for poweroff (exit 0); a guest that cannot
/// start says why on standard error and exits 2.
/// </summary>
public static class GuestHost
{
    public const int ExitHostGone = 0;
    public const int ExitPoweroff = 0;
    public const int ExitCannotStart = 2;

    /// <summary>Runs <paramref name="app"/> with the process's command line, environment and standard streams.</summary>
    public static Task<int> RunAsync(GuestApp app, IReadOnlyList<string> args) =>
        RunAsync(app, args, Environment.GetEnvironmentVariable(GuestVariables.Page), GuestLinkListener.FromStandardInput);

    internal static async Task<int> RunAsync(GuestApp app, IReadOnlyList<string> args, string? environmentPage, Func<GuestLinkListener> link)
    {
        ArgumentNullException.ThrowIfNull(app);
        IGuestServer server;
        GuestOptions options;
        DevicePage page;
        try
        {
            options = GuestOptions.Parse(app.Name, args, environmentPage);
            app.Prewarm();
            GuestPrewarm.PageReaderAndConsole();
            var listener = link();
            if (!listener.WaitForGo())
            {
                return ExitHostGone;
            }

            page = GuestPageSource.First(options.PagePath, Environment.GetEnvironmentVariable(GuestVariables.Metadata));
            server = app.Start(page);
            listener.WatchForHostExit(() => Environment.Exit(ExitHostGone));
        }
        catch (GuestStartupException ex)
        {
            await Console.Error.WriteLineAsync($"{app.Name}: {ex.Message}");
            return ExitCannotStart;
        }
        catch (Exception ex) when (app.StartFailure(ex) is { } failure)
        {
            await Console.Error.WriteLineAsync($"{app.Name}: {failure}");
            return ExitCannotStart;
        }

        // Serving already: watching the page for updates is off the cold-start path.
        using (server)
        using (var watcher = new DevicePageWatcher(options.PagePath, page))
        using (new SysctlHandler(watcher, newer => PowerOff(app, server, newer)))
        {
            watcher.Changed += app.PageChanged;
            watcher.Start();
            await server.RunAsync();
        }

        return ExitPoweroff;
    }

    /// <summary>Starts listening with <paramref name="start"/>; a socket that cannot be had is a <see cref="GuestStartupException"/>.</summary>
    public static T Listen<T>(IPAddress address, int port, Func<T> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        try
        {
            return start();
        }
        catch (SocketException ex)
        {
            throw new GuestStartupException($"Cannot listen on {address}:{port}: {ex.Message}", ex);
        }
    }

    /// <summary>Says so, then closes the listener: <see cref="IGuestServer.RunAsync"/> returns and the process exits 0.</summary>
    private static void PowerOff(GuestApp app, IGuestServer server, DevicePage page)
    {
        GuestConsole.Say($"{app.Name}: poweroff requested by host (generation {page.Generation})");
        server.Dispose();
    }
}
