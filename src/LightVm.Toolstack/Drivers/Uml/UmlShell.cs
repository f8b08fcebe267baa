using System.Net;
using LightVm.Toolstack.Drivers.Vm;

namespace LightVm.Toolstack.Drivers.Uml;

/// <summary>A booted UML guest, stopped at its init's wait for the device page.</summary>
internal sealed class UmlShell : VmShell
{
    /// <param name="directory">Per-guest directory; it also holds the page mirror (<c>page.mem</c>), which UML maps as iomem.</param>
    public UmlShell(Guid id, ShellSpec spec, IPEndPoint endpoint, DateTimeOffset preparedAt, string directory)
        : base(id, spec, endpoint, preparedAt, directory, Path.Combine(directory, "page.mem"))
    {
    }

    /// <summary>The host processes that pause stops (UML kernel side, not the traced guest processes).</summary>
    public IReadOnlyList<int> Stopped { get; set; } = [];

    public override string Accelerator => "uml";

    protected override string Kind => "UML";
}
