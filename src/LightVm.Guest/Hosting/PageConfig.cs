using System.Globalization;
using LightVm.Noxs;

namespace LightVm.Guest.Hosting;

/// <summary>Reads config values of a device page (<see cref="PageKeys"/>); a missing or wrong value is a <see cref="GuestStartupException"/> naming the key.</summary>
public static class PageConfig
{
    /// <summary>The <see cref="PageKeys.Port"/> the guest listens on.</summary>
    public static int Port(DevicePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.Config.TryGetValue(PageKeys.Port, out var text) ? ParsePort(text, PageKeys.Port) : throw Missing(PageKeys.Port);
    }

    /// <summary>The value of <paramref name="key"/>; missing, empty or white space is refused.</summary>
    public static string Required(DevicePage page, string key)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.Config.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : throw Missing(key);
    }

    /// <summary>A TCP port (1-65535, decimal digits only) from the value of <paramref name="key"/>.</summary>
    public static int ParsePort(string text, string key) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new GuestStartupException($"The device page's '{key}' is '{text}', not a TCP port (1-65535).");

    public static GuestStartupException Missing(string key) => new($"The device page has no '{key}' in its config.");
}
