namespace LightVm.Policies;

/// <summary>
/// One host name a TLS service terminates (one guest per name, chosen by the ClientHello's SNI), with the PEM
/// files of its certificate chain and private key (made by <c>lightvm cert</c>, or real ones).
/// </summary>
public sealed record TlsHost
{
    public required string Name { get; init; }

    public required string CertificatePath { get; init; }

    public required string KeyPath { get; init; }

    /// <summary>The instance label of this host's guest: the name with its dots as dashes (<c>shop-example-test</c>).</summary>
    public string Label => ServiceInstance.HostLabel(Name);
}
