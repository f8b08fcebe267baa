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

    public string ToYaml(string image)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"name: {Name}");
        text.AppendLine(CultureInfo.InvariantCulture, $"image: {image}");
        text.AppendLine("port: 8080");
        text.AppendLine(CultureInfo.InvariantCulture, $"pool: {Pool}");
        text.AppendLine(CultureInfo.InvariantCulture, $"instancePer: {InstancePer}");
        text.AppendLine(CultureInfo.InvariantCulture, $"pauseAfter: {PauseAfter}");
        text.AppendLine(CultureInfo.InvariantCulture, $"destroyAfter: {DestroyAfter}");
        text.AppendLine(CultureInfo.InvariantCulture, $"startTimeout: {StartTimeout}");
        text.AppendLine(CultureInfo.InvariantCulture, $"maxHeld: {MaxHeld}");
        return text.ToString();
    }
}
