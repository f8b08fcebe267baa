using System.Net;
using System.Text;
using LightVm.Guest.Hosting;
using LightVm.Noxs;

namespace LightVm.JitWeb;

/// <summary>
/// jit-web's own part of the guest's life (the rest is <see cref="GuestHost"/>'s): warm up with one request through
/// a throw-away server, then listen where the page says and answer every request with who it is.
/// </summary>
public sealed class JitWebApp : GuestApp
{
    public const string AppName = "jit-web";

    private static readonly byte[] PrewarmRequest = Encoding.ASCII.GetBytes("GET /prewarm HTTP/1.1\r\nHost: prewarm\r\nConnection: close\r\n\r\n");

    public JitWebApp()
        : base(AppName)
    {
    }

    /// <summary>One real request through the real server on a throw-away loopback port (socket stack, thread pool, parser, response code).</summary>
    public override void Prewarm() =>
        GuestPrewarm.RoundTrip(() => HttpServer.Start(new GuestSettings(Guid.Empty, "prewarm", 0, IPAddress.Loopback, 0)), PrewarmRequest);

    public override IGuestServer Start(DevicePage page)
    {
        var settings = GuestSettings.FromPage(page);
        var server = GuestHost.Listen(settings.Address, settings.Port, () => HttpServer.Start(settings));
        GuestConsole.Say($"{AppName}: guest {settings.GuestId} service {settings.Service} listening on {settings.Address}:{settings.Port}");
        return server;
    }
}
