using LightVm.Toolstack.Drivers.Vm;

namespace LightVm.Toolstack.Drivers.Uml;

/// <summary>What a UML guest boots: the image's initramfs (<see cref="GuestInitramfs"/>) and its own <c>linux</c> or the located UML kernel.</summary>
internal sealed record UmlImage(string Kernel, string Initramfs)
{
    public static UmlImage Resolve(ShellSpec spec, UmlDriverOptions options)
    {
        var kernel = GuestInitramfs.ImageFile(spec, "linux") ?? UmlKernelLocator.Require(options.Kernel);
        return new UmlImage(kernel, GuestInitramfs.Resolve(spec, options.StateDirectory, options.GuestInit, "uml"));
    }
}
