using System.Net.Sockets;

namespace LightVm.JitWeb;

/// <summary>The guest's life: wait for the host's go, read the page, listen, serve until the host goes away.</summary>
public static class Guest
{
    public const int ExitHostGone = 0;
    public const int ExitCannotStart = 2;

    public static async Task<int> RunAsync(string[] args, string? environmentPage)
    {
        HttpServer server;
        try
        {
            var options = GuestOptions.Parse(args, environmentPage);
            Prewarm.Run();
            var pipe = HostPipe.FromStandardInput();
            if (!pipe.WaitForGo())
            {
                return ExitHostGone;
            }

            var settings = GuestSettings.Load(options.PagePath);
            server = Bind(settings);
            Announce($"jit-web: guest {settings.GuestId} service {settings.Service} listening on {settings.Address}:{settings.Port}");
            pipe.WatchForHostExit(() => Environment.Exit(ExitHostGone));
        }
        catch (GuestStartupException ex)
        {
            await Console.Error.WriteLineAsync($"jit-web: {ex.Message}");
            return ExitCannotStart;
        }

        using (server)
        {
            await server.RunAsync();
        }

        return ExitHostGone;
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
