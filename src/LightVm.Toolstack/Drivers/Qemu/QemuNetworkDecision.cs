namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>
/// Turns the configured network mode into the one guests get: <c>tap</c> and <c>user</c> as said; <c>auto</c> is a tap
/// when this process can make taps (the injected check), else user-mode networking.
/// </summary>
internal static class QemuNetworkDecision
{
    public static (QemuNetwork Network, string Reason) Decide(string configured, Func<TapCapability> canMakeTaps)
    {
        ArgumentNullException.ThrowIfNull(canMakeTaps);
        switch (configured)
        {
            case "tap":
                return (QemuNetwork.Tap, "configured: tap");
            case "user":
                return (QemuNetwork.User, "configured: user");
            case "auto":
                var taps = canMakeTaps();
                return taps.Usable
                    ? (QemuNetwork.Tap, $"auto: {taps.Reason}")
                    : (QemuNetwork.User, $"auto: {taps.Reason}; falling back to user-mode networking (slirp): one forwarded port per guest on a loopback address, guests cannot reach each other");
            default:
                throw new GuestStartException($"qemu driver: Network '{configured}' is not one of auto, tap, user.");
        }
    }
}
