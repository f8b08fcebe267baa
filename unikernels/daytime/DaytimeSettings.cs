using System.Globalization;
using System.Net;

namespace LightVm.Daytime;

/// <summary>Where to listen, from the environment the guest init gives a plain app (LIGHTVM_ADDRESS, LIGHTVM_PORT).</summary>
internal sealed record DaytimeSettings(IPAddress Address, int Port)
{
    public const int DefaultPort = 13;

    public static DaytimeSettings FromEnvironment(Func<string, string?> get)
    {
        var addressText = get("LIGHTVM_ADDRESS");
        var portText = get("LIGHTVM_PORT");
        var address = IPAddress.Any;
        if (!string.IsNullOrEmpty(addressText) && !IPAddress.TryParse(addressText, out address))
        {
            throw new ArgumentException($"LIGHTVM_ADDRESS '{addressText}' is not an IP address");
        }

        var port = DefaultPort;
        if (!string.IsNullOrEmpty(portText)
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new ArgumentException($"LIGHTVM_PORT '{portText}' is not a port (1-65535)");
        }

        return new DaytimeSettings(address!, port);
    }
}
