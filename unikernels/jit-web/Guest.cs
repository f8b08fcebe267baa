using System.Net.Sockets;
using LightVm.Guest;
using LightVm.Noxs;

namespace LightVm.JitWeb;

/// <summary>
/// The guest's life: wait for the host's go, read the page, listen, serve until the host goes away
/// or a newer page asks for poweroff.
/// </summary>
public static class Guest
{
    public const int ExitHostGone = 0;
    public const int ExitPoweroff = 0;
    public const int ExitCannotStart = 2;

    public static async Task<int> RunAsync(string[] args, string? environmentPage)
    {
        HttpServer server;
        GuestOptions options;
        DevicePage page;
        try
        {
            options = GuestOptions.Parse(args, environmentPage);
            Prewarm.Run();
            var link = HostLink.FromStandardInput();
            if (!link.WaitForGo())
            {
                return ExitHostGone;
            }

            // The config channel: the device page (noxs) by default; the metadata store when the host says so.
            var metadata = Environment.GetEnvironmentVariable(MetadataClient.Variable);
            page = string.IsNullOrEmpty(metadata) ? GuestSettings.ReadPage(options.PagePath) : FetchPage(metadata);
            var settings = GuestSettings.FromPage(page);
            server = Bind(settings);
            Announce($"jit-web: guest {settings.GuestId} service {settings.Service} listening on {settings.Address}:{settings.Port}");
            link.WatchForHostExit(() => Environment.Exit(ExitHostGone));
        }
        catch (GuestStartupException ex)
        {
            await Console.Error.WriteLineAsync($"jit-web: {ex.Message}");
            return ExitCannotStart;
        }

        // Serving already: watching the page for updates is off the cold-start path.
        using (server)
        using (var watcher = new DevicePageWatcher(options.PagePath, page))
        using (new SysctlHandler(watcher, newer => PowerOff(server, newer)))
        {
            watcher.Start();
            await server.RunAsync();
        }

        return ExitPoweroff;
    }

    private static DevicePage FetchPage(string metadata)
    {
        try
        {
            return MetadataClient.FetchPage(new Uri(metadata), TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is DevicePageFormatException or SocketException or UriFormatException or IOException)
        {
            throw new GuestStartupException($"Cannot fetch the device page from {metadata}: {ex.Message}", ex);
        }
    }

    /// <summary>Says so, then closes the listener: <see cref="HttpServer.RunAsync"/> returns and the process exits 0.</summary>
    private static void PowerOff(HttpServer server, DevicePage page)
    {
        Announce($"jit-web: poweroff requested by host (generation {page.Generation})");
        server.Dispose();
    }

    private static HttpServer Bind(GuestSettings settings)
    {
        try
        {
            return HttpServer.Start(settings);
        }
        catch (SocketException ex)
        {
            throw new GuestStartupException($"Cannot listen on {settings.Address}:{settings.Port}: {ex.Message}", ex);
        }
    }

    private static void Announce(string line)
    {
        try
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
        catch (IOException)
        {
            // Nobody reads standard output any more; serving matters more than saying so.
        }
    }
}
