namespace LightVm.Toolstack.Drivers.Oci;

/// <summary>
/// What a container guest runs: its root file system, argv, extra environment, and whether the app speaks the
/// host link (<paramref name="Noxs"/>: started before its page, waits for <c>go</c> on stdin) or is a plain app
/// (started after its page, told where to listen by <c>LIGHTVM_ADDRESS</c>/<c>LIGHTVM_PORT</c>; docs/vm-guests.md).
/// </summary>
internal sealed record OciImage(string Rootfs, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Env, bool Noxs);
