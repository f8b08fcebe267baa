namespace LightVm.Toolstack;

/// <summary>How a guest gets its configuration.</summary>
public enum ConfigChannel
{
    /// <summary>noxs: the host writes a read-only device page the guest reads; no exchange.</summary>
    Page,

    /// <summary>The baseline: the guest asks the host's metadata service over HTTP after it is released.</summary>
    Store,
}
