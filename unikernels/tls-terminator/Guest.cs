using System.Net.Sockets;
using LightVm.Guest;
using LightVm.Noxs;

namespace LightVm.TlsTerminator;

/// <summary>
/// The guest's life, as jit-web's: wait for the host's go, read the page, load the certificate and key from it,
/// listen, serve until the host goes away or a newer page asks for poweroff.
/// </summary>
public static class Guest
{
    public const int ExitHostGone = 0;
    public const int ExitPoweroff = 0;
    public const int ExitCannotStart = 2;

    public static async Task<int> RunAsync(string[] args, string? environmentPage)
    {
        TlsServer server;
        GuestOptions options;
        DevicePage page;
        ServerCertificate certificate;
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
            certificate = ServerCertificate.Load(settings.Hostname, settings.CertificatePem, settings.KeyPem, DateTimeOffset.UtcNow);
            server = Bind(settings, certificate);
            Announce(
                $"tls-terminator: guest {settings.GuestId} service {settings.Service} serving https://{settings.Hostname} on {settings.Address}:{settings.Port}"
                + (settings.Backend is { } backend ? $" -> {backend}" : " (built-in HTTP/1.1)"));
            link.WatchForHostExit(() => Environment.Exit(ExitHostGone));
        }
        catch (GuestStartupException ex)
        {
            await Console.Error.WriteLineAsync($"tls-terminator: {ex.Message}");
            return ExitCannotStart;
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException)
        {
            // .NET loads OpenSSL with dlopen: an image without it fails here, not at link time.
            await Console.Error.WriteLineAsync($"tls-terminator: cannot load OpenSSL (libssl.so.3, libcrypto.so.3): {ex.GetType().Name}: {ex.Message}");
            return ExitCannotStart;
        }

        // Serving already: watching the page for updates is off the cold-start path.
        using (certificate)
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

    /// <summary>Says so, then closes the listener: <see cref="TlsServer.RunAsync"/> returns and the process exits 0.</summary>
    private static void PowerOff(TlsServer server, DevicePage page)
    {
        Announce($"tls-terminator: poweroff requested by host (generation {page.Generation})");
        server.Dispose();
    }

    private static TlsServer Bind(GuestSettings settings, ServerCertificate certificate)
    {
        try
        {
            return TlsServer.Start(settings, certificate, Console.Out);
        }
        catch (SocketException ex)
        {
            certificate.Dispose();
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
