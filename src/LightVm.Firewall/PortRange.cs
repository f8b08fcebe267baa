namespace LightVm.Firewall;

/// <summary>An inclusive range of TCP ports; a single port is a range with <paramref name="From"/> = <paramref name="To"/>.</summary>
public sealed record PortRange(int From, int To)
{
    public bool Contains(int port) => port >= From && port <= To;

    public override string ToString() => From == To
        ? From.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{From}-{To}");
}
