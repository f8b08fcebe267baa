namespace LightVm.Policies.Tls;

/// <summary>The files <see cref="LocalCertificateAuthority.Issue"/> wrote for one host name.</summary>
/// <param name="Hostname">The name the certificate is valid for (its one SAN dNSName), lower case.</param>
/// <param name="CertificatePath">PEM: the leaf certificate, then the CA certificate.</param>
/// <param name="KeyPath">PEM PKCS#8 private key, mode 0600.</param>
/// <param name="NotAfter">When the certificate expires.</param>
public sealed record IssuedCertificate(string Hostname, string CertificatePath, string KeyPath, DateTimeOffset NotAfter);
