namespace LightVm.Noxs;

/// <summary>
/// The config keys of the device page (<see cref="DevicePage.Config"/>): the contract between the host that writes
/// the page (Dom0's page factory, from the service's policy) and the apps that read it. Values are text; a value may
/// span lines (docs/noxs.md). An app ignores the keys it does not know.
/// </summary>
public static class PageKeys
{
    /// <summary>The TCP port the app listens on (1-65535, decimal); every page has it.</summary>
    public const string Port = "port";

    /// <summary>The service (policy) name the guest runs for; every page has it (the page's own service is the instance's key).</summary>
    public const string Service = "service";

    /// <summary>A user's firewall: whose it is (for log lines and the proxy's own answers).</summary>
    public const string User = "user";

    /// <summary>A user's firewall: the rules text, one rule per line (LightVm.Firewall's syntax); empty denies everything.</summary>
    public const string Rules = "rules";

    /// <summary>A TLS terminator: the host name it serves (lower case).</summary>
    public const string Hostname = "hostname";

    /// <summary>A TLS terminator: the certificate chain, PEM, leaf first.</summary>
    public const string Certificate = "cert";

    /// <summary>A TLS terminator: the private key, PEM. Never printed.</summary>
    public const string Key = "key";

    /// <summary>Where a TLS terminator relays the decrypted stream: <c>host:port</c> of a plain TCP service (optional).</summary>
    public const string Backend = "backend";
}
