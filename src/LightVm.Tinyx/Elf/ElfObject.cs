namespace LightVm.Tinyx.Elf;

/// <summary>What the dynamic loader needs to know about one ELF file.</summary>
public sealed record ElfObject
{
    /// <summary>True for 64-bit little-endian x86-64 objects, the only kind these hosts run.</summary>
    public required bool IsX8664 { get; init; }

    /// <summary>The program interpreter (<c>PT_INTERP</c>), e.g. <c>/lib64/ld-linux-x86-64.so.2</c>; null for static or shared objects.</summary>
    public string? Interpreter { get; init; }

    /// <summary><c>DT_NEEDED</c> entries in file order.</summary>
    public IReadOnlyList<string> Needed { get; init; } = [];

    public string? SoName { get; init; }

    /// <summary><c>DT_RPATH</c> directories (used only when there is no <c>DT_RUNPATH</c>).</summary>
    public IReadOnlyList<string> RPath { get; init; } = [];

    public IReadOnlyList<string> RunPath { get; init; } = [];

    public bool IsDynamic => Interpreter is not null || Needed.Count > 0;
}
