using System.ComponentModel.DataAnnotations;

namespace LightVm.Devd.Network;

/// <summary>The host's guest network (configuration section <c>LightVm:Network</c>): one bridge, one subnet, one loopback range.</summary>
public sealed class GuestNetworkOptions : IValidatableObject
{
    public const string SectionName = "LightVm:Network";

    /// <summary>The bridge every guest NIC (veth or tap) is plugged into.</summary>
    public const string DefaultBridge = "lvbr0";

    /// <summary>The bridge every guest NIC (veth or tap) is plugged into; created on first use.</summary>
    [Required]
    public string Bridge { get; set; } = DefaultBridge;

    /// <summary>The guests' subnet on the bridge; the bridge takes its first address.</summary>
    [Required]
    public string Subnet { get; set; } = "10.77.0.0/16";

    /// <summary>Where guests without a NIC of their own (process guests, QEMU user-mode forwards) get their address.</summary>
    [Required]
    public string LoopbackSubnet { get; set; } = LoopbackAddressPool.DefaultSubnet;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        List<ValidationResult> problems = [];
        Check(problems, nameof(Bridge), () => InterfaceName.Validate(Bridge, "Bridge", nameof(Bridge)));
        Check(problems, nameof(Subnet), () => SubnetAddressPool.Parse(Subnet));
        Check(problems, nameof(LoopbackSubnet), () => _ = new LoopbackAddressPool(LoopbackSubnet));
        return problems;
    }

    private static void Check(List<ValidationResult> problems, string member, Action check)
    {
        try
        {
            check();
        }
        catch (ArgumentException e)
        {
            problems.Add(new ValidationResult($"LightVm:Network:{member}: {e.Message}", [member]));
        }
    }
}
