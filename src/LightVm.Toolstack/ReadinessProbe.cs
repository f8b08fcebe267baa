using System.Net.Sockets;

namespace LightVm.Toolstack;

/// <summary>
/// Waits until a guest accepts TCP connections on its endpoint, or fails fast if it dies. Each connection attempt
/// has its own short deadline: a VM guest that has not taken its address yet drops the SYN, and waiting for TCP's
/// own retransmission (one second) would add up to a second to every execute.
/// Where the endpoint is a forwarder, a connection counts only when the shell says the guest accepted it
/// (<see cref="Shell.GuestAcceptedAsync"/>).
/// </summary>
public static class ReadinessProbe
{
    public static async Task WaitAsync(Shell shell, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var attempt = 0;
        while (true)
        {
            if (shell.HasExited)
            {
                throw new GuestStartException(
                    $"The guest {shell.Id:N} ended before it was ready ({await shell.Exited.ConfigureAwait(false)}). Console: {shell.ConsoleTail()}");
            }

            using var attemptDeadline = new CancellationTokenSource(AttemptTimeout(attempt), time);
            using var attemptLinked = CancellationTokenSource.CreateLinkedTokenSource(linked.Token, attemptDeadline.Token);
            try
            {
                using var socket = new Socket(shell.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(shell.Endpoint, attemptLinked.Token).ConfigureAwait(false);
                if (await shell.GuestAcceptedAsync(socket, time, linked.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet: try again shortly.
            }
            catch (OperationCanceledException) when (attemptDeadline.IsCancellationRequested && !linked.IsCancellationRequested)
            {
                // No answer to this SYN (the guest has no address yet): a new attempt sends a new one at once.
                attempt++;
                continue;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                // A pre-booted guest is usually listening within a fraction of a millisecond: retry at once a
                // few times (yielding the thread), then every millisecond, then back off.
                if (attempt++ < 50)
                {
                    await Task.Yield();
                }
                else
                {
                    var delay = attempt < 250 ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(10);
                    await Task.Delay(delay, time, linked.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        throw new GuestStartException(
            $"The guest {shell.Id:N} did not answer on {shell.Endpoint} within {timeout.TotalMilliseconds:0} ms. Console: {shell.ConsoleTail()}");
    }

    /// <summary>10 ms for the first attempts, doubling to 250 ms: long enough for a slow guest's SYN-ACK, short against TCP's 1 s retry.</summary>
    internal static TimeSpan AttemptTimeout(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(250, 10 << Math.Min(5, attempt / 8)));
}
