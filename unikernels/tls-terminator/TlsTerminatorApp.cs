using LightVm.Guest.Hosting;
using LightVm.Noxs;

namespace LightVm.TlsTerminator;

/// <summary>
/// The terminator's own part of the guest's life (the rest is <see cref="GuestHost"/>'s): read the page, load the
/// certificate and key from it, listen, serve.
/// </summary>
public sealed class TlsTerminatorApp : GuestApp
{
    public const string AppName = "tls-terminator";

    public TlsTerminatorApp()
        : base(AppName)
    {
    }

    public override void Prewarm() => TlsPrewarm.Run();

    public override IGuestServer Start(DevicePage page)
    {
        var settings = GuestSettings.FromPage(page);
        var certificate = ServerCertificate.Load(settings.Hostname, settings.CertificatePem, settings.KeyPem, DateTimeOffset.UtcNow);
        TlsServer server;
        try
        {
            server = GuestHost.Listen(settings.Address, settings.Port, () => TlsServer.Start(settings, certificate, Console.Out));
        }
        catch (GuestStartupException)
        {
            certificate.Dispose();
            throw;
        }

        GuestConsole.Say(
            $"{AppName}: guest {settings.GuestId} service {settings.Service} serving https://{settings.Hostname} on {settings.Address}:{settings.Port}"
            + (settings.Backend is { } backend ? $" -> {backend}" : " (built-in HTTP/1.1)"));
        return server;
    }

    /// <summary>.NET loads OpenSSL with dlopen: an image without it fails at the first use, not at link time.</summary>
    public override string? StartFailure(Exception exception) =>
        exception is TypeInitializationException or DllNotFoundException
            ? $"cannot load OpenSSL (libssl.so.3, libcrypto.so.3): {exception.GetType().Name}: {exception.Message}"
            : null;
}
