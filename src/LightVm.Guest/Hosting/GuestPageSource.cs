using System.Net.Sockets;
using LightVm.Noxs;

namespace LightVm.Guest.Hosting;

/// <summary>
/// The config channel after "go": the device page file (noxs) by default; the host's metadata store when the host
/// says so (<see cref="GuestVariables.Metadata"/>). Every failure becomes a <see cref="GuestStartupException"/>.
/// </summary>
public static class GuestPageSource
{
    public static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The first page: fetched from <paramref name="metadata"/> when set, else read from <paramref name="pagePath"/>.</summary>
    public static DevicePage First(string pagePath, string? metadata) =>
        string.IsNullOrEmpty(metadata) ? ReadFile(pagePath) : Fetch(metadata);

    public static DevicePage ReadFile(string pagePath)
    {
        try
        {
            return DevicePageReader.ReadFile(pagePath);
        }
        catch (Exception ex) when (ex is DevicePageFormatException or IOException or UnauthorizedAccessException)
        {
            throw new GuestStartupException($"Cannot read the device page '{pagePath}': {ex.Message}", ex);
        }
    }

    public static DevicePage Fetch(string metadata)
    {
        try
        {
            return MetadataClient.FetchPage(new Uri(metadata), MetadataTimeout);
        }
        catch (Exception ex) when (ex is DevicePageFormatException or SocketException or UriFormatException or IOException)
        {
            throw new GuestStartupException($"Cannot fetch the device page from {metadata}: {ex.Message}", ex);
        }
    }
}
