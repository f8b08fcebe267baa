using System.Globalization;
using System.Text;

namespace LightVm.LoadTesting.Platform;

/// <summary>A service a scenario needs on the platform; written as a policy file when the runner starts the platform itself.</summary>
public sealed record PolicySpec
{
    public required string Name { get; init; }

    public int Pool { get; init; } = 1;

    public string InstancePer { get; init; } = "service";

    public string PauseAfter { get; init; } = "10m";

    public string DestroyAfter { get; init; } = "30m";

    public string StartTimeout { get; init; } = "10s";

    public int MaxHeld { get; init; } = 1000;

    /// <summary>The image of this service when it is not the run's guest image (the use cases' firewall, TLS, daytime guests).</summary>
    public string? Image { get; init; }

    /// <summary>The driver when it is not the run's (daytime, a plain app, cannot run on process).</summary>
    public string? Driver { get; init; }

    public int Port { get; init; } = 8080;

    /// <summary>More policy YAML as it is (users, rules, hosts).</summary>
    public string Extra { get; init; } = string.Empty;

    public string ToYaml(string image)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"name: {Name}");
        text.AppendLine(CultureInfo.InvariantCulture, $"image: {Image ?? image}");
        if (Driver is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"driver: {Driver}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"port: {Port}");
        text.AppendLine(CultureInfo.InvariantCulture, $"pool: {Pool}");
        text.AppendLine(CultureInfo.InvariantCulture, $"instancePer: {InstancePer}");
        text.AppendLine(CultureInfo.InvariantCulture, $"pauseAfter: {PauseAfter}");
        text.AppendLine(CultureInfo.InvariantCulture, $"destroyAfter: {DestroyAfter}");
        text.AppendLine(CultureInfo.InvariantCulture, $"startTimeout: {StartTimeout}");
        text.AppendLine(CultureInfo.InvariantCulture, $"maxHeld: {MaxHeld}");
        text.Append(Extra);
        return text.ToString();
    }
}
