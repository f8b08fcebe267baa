using System.CommandLine;
using System.Globalization;
using LightVm.Policies.Tls;

namespace LightVm.Cli.Commands;

/// <summary>
/// <c>lightvm cert &lt;hostname&gt;... [--out DIR]</c>: creates the local CA in DIR when it is missing and issues one
/// server certificate per host name (for the tls-terminator guest), then says where the files are and how to try one.
/// </summary>
internal static class CertCommands
{
    public const string DefaultDirectory = "artifacts/certs";
    public const int HintPort = 8443;

    public static Command Build()
    {
        var hostnames = new Argument<string[]>("hostname")
        {
            Description = "Host names to issue certificates for (DNS names; one leading '*.' label allowed)",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out", "-o") { Description = $"Directory of the CA and the certificates (default {DefaultDirectory})" };
        var command = new Command("cert", "Issue local TLS certificates (ECDSA P-256) from a local CA, created on first use") { hostnames, output };
        command.SetAction(r => Run(r.GetValue(hostnames)!, r.GetValue(output) ?? Path.Combine(Directory.GetCurrentDirectory(), DefaultDirectory)));
        return command;
    }

    private static int Run(string[] hostnames, string directory)
    {
        try
        {
            // Every name is checked before anything is written: a typo in the third name issues nothing.
            foreach (var name in hostnames)
            {
                if (Hostname.Validate(name) is { } error)
                {
                    throw new CliException(error);
                }
            }

            using var authority = LocalCertificateAuthority.OpenOrCreate(directory);
            Console.WriteLine($"CA: {authority.CertificatePath} ({(authority.Created ? "created" : "existing")}; key {authority.KeyPath})");
            foreach (var name in hostnames)
            {
                var issued = authority.Issue(name);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{issued.Hostname}: {issued.CertificatePath} (leaf + CA), key {issued.KeyPath}, expires {issued.NotAfter:yyyy-MM-dd}"));
            }

            var example = Hostname.Normalize(hostnames[0]).Replace("*", "www", StringComparison.Ordinal);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Try: curl --cacert {authority.CertificatePath} --resolve {example}:{HintPort}:127.0.0.1 https://{example}:{HintPort}/"));
            return 0;
        }
        catch (Exception e) when (e is CliException or TlsMaterialException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("lightvm cert: " + e.Message);
            return 1;
        }
    }
}
