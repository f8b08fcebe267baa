namespace LightVm.Devd;

/// <summary>What a VM guest's tap needs: its host name and the bridge it joins (isolated by default, as veths are).</summary>
public sealed class TapRequest
{
    public required string Name { get; init; }

    public required string Bridge { get; init; }

    /// <summary>When true the tap is an isolated bridge port: it reaches the host, never the other guests.</summary>
    public bool Isolated { get; init; } = true;

    internal void Validate()
    {
        InterfaceName.Validate(Name, "TapRequest.Name", nameof(TapRequest));
        InterfaceName.Validate(Bridge, "TapRequest.Bridge", nameof(TapRequest));
        if (Name == Bridge)
        {
            throw new ArgumentException($"TapRequest.Name and TapRequest.Bridge are both '{Name}'.", nameof(TapRequest));
        }
    }
}
