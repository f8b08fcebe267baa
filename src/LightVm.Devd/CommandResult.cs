namespace LightVm.Devd;

/// <summary>Exit code and output of one external command.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError);
