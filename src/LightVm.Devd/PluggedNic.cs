using System.Net;

namespace LightVm.Devd;

/// <summary>A NIC Devd plugged: enough to unplug it (by its host end) and to log it.</summary>
public sealed record PluggedNic(string HostName, string GuestName, string Bridge, IPAddress Address);
