using System.Net.Http.Json;
using LightVm.Cli.Hosting;
using LightVm.Control.Guests;
using LightVm.Gateway.Fronts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LightVm.Integration.Tests;

/// <summary>
/// A real embedded platform (what <c>lightvm up</c> runs) on a free loopback port, with its own policies and
/// state directory, plus an HTTP client that talks to it by Host header.
/// </summary>
internal sealed class TestPlatform : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestPlatform(WebApplication app, Uri address, string directory)
    {
        _app = app;
        Address = address;
        Directory = directory;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(100) }; // above the slowest policy deadline (a cold TCG guest)
    }

    public Uri Address { get; }

    public string Directory { get; }

    public HttpClient Client { get; }

    public string StateDirectory => Path.Combine(Directory, "state");

    public static Task<TestPlatform> StartAsync(params TestPolicy[] policies) => StartAsync(new FrontSettings(), policies);

    /// <summary>A platform with TCP-level fronts (proxy, TLS, plain TCP) besides HTTP; <see cref="Front"/> says where each listens.</summary>
    public static async Task<TestPlatform> StartAsync(FrontSettings fronts, params TestPolicy[] policies)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("lightvm-it-").FullName;
        var policyDir = Path.Combine(directory, "policies");
        System.IO.Directory.CreateDirectory(policyDir);
        foreach (var policy in policies)
        {
            await File.WriteAllTextAsync(Path.Combine(policyDir, policy.Name + ".yaml"), policy.ToYaml());
        }

        var settings = new PlatformSettings
        {
            Http = "127.0.0.1:0",
            Policies = policyDir,
            ReaperInterval = TimeSpan.FromMilliseconds(100),
            ActivityInterval = TimeSpan.FromMilliseconds(100),
            StateDirectory = Path.Combine(directory, "state"),
            Fronts = fronts,
        };
        var app = PlatformHost.BuildEmbedded(settings, PlatformHost.LoadPolicies(settings));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestPlatform(app, new Uri(address), directory);
    }

    /// <summary>Where front <paramref name="name"/> (<c>proxy</c>, <c>tls</c>, <c>tcp:&lt;service&gt;</c>) listens.</summary>
    public System.Net.IPEndPoint Front(string name) => _app.Services.GetRequiredService<FrontEndpoints>().Get(name);

    public Task<HttpResponseMessage> GetAsync(string service, string path = "/", CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = $"{service}.localhost";
        return Client.SendAsync(request, cancellationToken);
    }

    public async Task<IReadOnlyList<GuestView>> GuestsAsync() =>
        await Client.GetFromJsonAsync<List<GuestView>>("/_lightvm/api/guests") ?? [];

    /// <summary>
    /// Polls the control API until <paramref name="condition"/> holds (behaviour, not timing: the bound only stops a hang).
    /// The control API's view is built from events on its own queue, so it can trail a response by a moment.
    /// </summary>
    public async Task<IReadOnlyList<GuestView>> WaitForGuestsAsync(Func<IReadOnlyList<GuestView>, bool> condition, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        IReadOnlyList<GuestView> guests;
        do
        {
            guests = await GuestsAsync();
            if (condition(guests))
            {
                return guests;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < until);

        throw new Xunit.Sdk.XunitException(
            "The control API never showed the expected guests; last: " + string.Join("; ", guests.Select(g => $"{g.Service} {g.Id:N} {g.State}")));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
