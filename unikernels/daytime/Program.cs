using System.Net.Sockets;
using System.Runtime.InteropServices;
using LightVm.Daytime;

DaytimeSettings settings;
try
{
    settings = DaytimeSettings.FromEnvironment(Environment.GetEnvironmentVariable);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync("daytime: " + e.Message).ConfigureAwait(false);
    return 2;
}

using var stop = new CancellationTokenSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    stop.Cancel();
});
using var server = new DaytimeServer(settings, TimeProvider.System);
try
{
    var endpoint = server.Start();
    Console.WriteLine($"daytime: listening on {endpoint}");
}
catch (SocketException e)
{
    await Console.Error.WriteLineAsync($"daytime: cannot listen on {settings.Address}:{settings.Port}: {e.Message}").ConfigureAwait(false);
    return 1;
}

await server.ServeAsync(stop.Token).ConfigureAwait(false);
return 0;
