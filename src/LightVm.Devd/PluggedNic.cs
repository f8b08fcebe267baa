using System.Net;

namespace LightVm.Devd;

/// <summary>
/// A NIC Devd plugged: enough to unplug it (by its host end) and to log it. <see cref="Isolated"/> says whether
/// its host end is an isolated bridge port (see <see cref="NicRequest.Isolated"/>).
/// </summary>
public sealed record PluggedNic(string HostName, string GuestName, string Bridge, IPAddress Address, bool Isolated);
