using LightVm.Policies;
using LightVm.Toolstack;

namespace LightVm.Dom0.Agent;

/// <summary>The shell a service's guests run in, as its policy says.</summary>
internal static class ServiceShellSpec
{
    public static ShellSpec For(ServicePolicy policy) => new()
    {
        Service = policy.Name,
        Driver = policy.Driver,
        Image = policy.Image,
        Args = policy.Args,
        Port = policy.Port,
        ConfigChannel = policy.ConfigChannel == "store" ? ConfigChannel.Store : ConfigChannel.Page,
        Isolated = policy.Network != "shared",
    };
}
