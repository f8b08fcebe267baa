using System.Globalization;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// The check behind the <c>auto</c> network mode: taps need CAP_NET_ADMIN (root has it) and a <c>/dev/net/tun</c> this
/// process can open. Opening the device creates nothing (a tap exists only after TUNSETIFF), so the check leaves no trace.
/// </summary>
internal static class TapCapabilityProbe
{
    /// <summary>CAP_NET_ADMIN's bit in the capability sets.</summary>
    private const int CapNetAdmin = 12;

    public static TapCapability Probe() => Probe("/proc/self/status", "/dev/net/tun");

    public static TapCapability Probe(string status, string tun)
    {
        string text;
        try
        {
            text = File.ReadAllText(status);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new TapCapability(false, $"cannot read {status} to see the process's capabilities: {e.Message}");
        }

        if (!HasNetAdmin(text))
        {
            return new TapCapability(false, "not root and no CAP_NET_ADMIN: taps cannot be made");
        }

        try
        {
            using var handle = File.OpenHandle(tun, FileMode.Open, FileAccess.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new TapCapability(false, $"CAP_NET_ADMIN, but {tun} cannot be opened ({e.Message})");
        }

        return new TapCapability(true, $"CAP_NET_ADMIN and {tun} usable");
    }

    /// <summary>True when the <c>CapEff</c> line of a <c>/proc/&lt;pid&gt;/status</c> text has CAP_NET_ADMIN.</summary>
    public static bool HasNetAdmin(string statusText)
    {
        foreach (var line in statusText.Split('\n'))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal)
                && ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var effective))
            {
                return (effective & (1UL << CapNetAdmin)) != 0;
            }
        }

        return false;
    }
}
