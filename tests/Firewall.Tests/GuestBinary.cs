using LightVm.Testing;

namespace LightVm.FirewallGuest.Tests;

/// <summary>
/// Finds the published firewall guest: <c>LIGHTVM_FIREWALL_GUEST</c> when set, else
/// <c>artifacts/guests/firewall/firewall</c> under the repository (the folder with the solution), which
/// ops/build-guests.sh publishes. Throws (failing the test) with what to run when it is missing.
/// </summary>
public static class GuestBinary
{
    public const string Variable = "LIGHTVM_FIREWALL_GUEST";

    public static string Path()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException($"{Variable} names {configured}, which does not exist.", configured);
        }

        var path = System.IO.Path.Combine(RepoRoot.Find(), "artifacts", "guests", "firewall", "firewall");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The firewall guest {path} does not exist: run ops/build-guests.sh first "
                + "(or dotnet publish unikernels/firewall/Firewall.csproj -c Release -r linux-x64 -o artifacts/guests/firewall).",
                path);
        }

        return path;
    }
}
