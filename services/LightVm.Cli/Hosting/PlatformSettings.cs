using LightVm.Gateway.Fronts;
using LightVm.Hosting.Bus;

namespace LightVm.Cli.Hosting;

/// <summary>What the command line says about one process of the platform.</summary>
internal sealed record PlatformSettings
{
    /// <summary>host:port to listen on (port 0 picks a free one).</summary>
    public string Http { get; init; } = "127.0.0.1:8080";

    public string Policies { get; init; } = "ops/policies";

    /// <summary>The driver of policies that do not name one.</summary>
    public string Driver { get; init; } = "process";

    public BusOptions Bus { get; init; } = new();

    public string HostSuffix { get; init; } = "localhost";

    public TimeSpan ReaperInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ActivityInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public string? StateDirectory { get; init; }

    public string? AgentId { get; init; }

    /// <summary>The gateway's fronts besides HTTP: forward proxy, TLS by SNI, plain TCP services.</summary>
    public FrontSettings Fronts { get; init; } = new();
}
