using LightVm.Noxs;
using LightVm.Toolstack.Metadata;

namespace LightVm.Toolstack;

/// <summary>
/// The host's end of the <see cref="GuestLink"/>: the execute step every driver with a waiting guest shares: hand over the page through the shell's config
/// channel (a read-only page file, or the metadata store), then say "go" on the guest's stdin (when there is one
/// to tell: a plain app that does not speak the host link gets no <paramref name="stdin"/>).
/// </summary>
internal static class GuestLinkRelease
{
    public static async Task ReleaseAsync(Shell shell, DevicePage page, string pagePath, StreamWriter? stdin, CancellationToken cancellationToken)
    {
        if (shell.HasExited)
        {
            throw new GuestStartException($"The shell {shell.Id:N} died before execute ({await shell.Exited.ConfigureAwait(false)}). Console: {shell.ConsoleTail()}");
        }

        if (shell.Spec.ConfigChannel == ConfigChannel.Store)
        {
            MetadataServer.Shared.Publish(shell.Id, page);
        }
        else
        {
            DevicePageWriter.WriteFile(pagePath, page);
        }

        shell.Page = page;
        if (stdin is null)
        {
            return;
        }

        try
        {
            await stdin.WriteLineAsync(GuestLink.Go.AsMemory(), cancellationToken).ConfigureAwait(false);
            await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new GuestStartException($"The shell {shell.Id:N} closed its stdin before execute: {e.Message}", e);
        }
    }
}
