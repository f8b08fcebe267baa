namespace LightVm.Devd;

/// <summary>Ethernet MAC helpers.</summary>
internal static class MacAddresses
{
    public const int Length = 6;

    /// <summary>"02:ab:cd:ef:01:23".</summary>
    public static string Format(ReadOnlySpan<byte> mac)
    {
        var parts = new string[mac.Length];
        for (var i = 0; i < mac.Length; i++)
        {
            parts[i] = mac[i].ToString("x2");
        }

        return string.Join(':', parts);
    }

    /// <summary>A random unicast, locally administered address (x2:xx:xx:xx:xx:xx).</summary>
    public static byte[] NewLocallyAdministered()
    {
        var mac = new byte[Length];
        Random.Shared.NextBytes(mac);
        mac[0] = (byte)((mac[0] & 0xfe) | 0x02);
        return mac;
    }
}
