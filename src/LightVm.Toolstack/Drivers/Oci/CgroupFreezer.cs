namespace LightVm.Toolstack.Drivers.Oci;

/// <summary>
/// Pause and resume through the cgroup v1 freezer of the guest's own cgroup, directly: the same thing
/// <c>runc pause</c> does, without spawning runc on the request path.
/// </summary>
internal static class CgroupFreezer
{
    public const string Root = "/sys/fs/cgroup/freezer";

    public static string StatePath(string cgroupsPath) => Path.Combine(Root, cgroupsPath.TrimStart('/'), "freezer.state");

    public static async Task SetAsync(string cgroupsPath, bool frozen, CancellationToken cancellationToken)
    {
        var path = StatePath(cgroupsPath);
        var wanted = frozen ? "FROZEN" : "THAWED";
        await File.WriteAllTextAsync(path, wanted, cancellationToken).ConfigureAwait(false);

        // Freezing is asynchronous in the kernel (FREEZING until every task stopped).
        for (var i = 0; i < 2000; i++)
        {
            if ((await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim() == wanted)
            {
                return;
            }

            await Task.Delay(i < 100 ? 0 : 1, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"The freezer of {cgroupsPath} did not reach {wanted}.");
    }
}
