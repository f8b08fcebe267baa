using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LightVm.Policies;

/// <summary>
/// Loads service policies from YAML files (one service per file) and validates them. Every problem is
/// reported with the file, the field and what is allowed; nothing is half-loaded.
/// </summary>
public static partial class PolicyLoader
{
    public static readonly IReadOnlyList<string> KnownFields =
        ["name", "image", "args", "driver", "port", "pool", "pauseAfter", "destroyAfter", "startTimeout", "maxHeld", "configChannel", "network", "instancePer",
         "users", "rules", "hosts", "backend"];

    /// <summary>Drivers this build can run. The others named in the architecture come with later work.</summary>
    public static readonly IReadOnlyList<string> AvailableDrivers = ["process", "oci", "oci-start", "uml", "qemu"];

    public static PolicySet LoadDirectory(string directory, string defaultDriver = "process")
    {
        if (!Directory.Exists(directory))
        {
            throw new PolicyValidationException([new PolicyError(directory, "(directory)", "the policy directory does not exist")]);
        }

        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var errors = new List<PolicyError>();
        var policies = new List<ServicePolicy>();
        foreach (var file in files)
        {
            var policy = Parse(File.ReadAllText(file), file, errors, defaultDriver);
            if (policy is not null)
            {
                policies.Add(policy);
            }
        }

        foreach (var duplicate in policies.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            var where = string.Join(", ", duplicate.Select(p => Path.GetFileName(p.SourceFile)));
            errors.Add(new PolicyError(duplicate.Last().SourceFile ?? "?", "name", $"service '{duplicate.Key}' is defined more than once ({where}); names must be unique"));
        }

        // The proxy front finds a user's service by the user's name, the TLS front a host's by SNI: both must be unique.
        foreach (var duplicate in policies.SelectMany(p => p.Users.Select(u => (u.Name, Policy: p))).GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            var where = string.Join(", ", duplicate.Select(x => x.Policy.Name));
            errors.Add(new PolicyError(duplicate.Last().Policy.SourceFile ?? "?", "users", $"user '{duplicate.Key}' is a user of more than one service ({where}); a user has one firewall"));
        }

        foreach (var duplicate in policies.SelectMany(p => p.Hosts.Select(h => (h.Name, Policy: p))).GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            var where = string.Join(", ", duplicate.Select(x => x.Policy.Name));
            errors.Add(new PolicyError(duplicate.Last().Policy.SourceFile ?? "?", "hosts", $"host '{duplicate.Key}' is terminated by more than one service ({where}); SNI must pick one"));
        }

        if (errors.Count > 0)
        {
            throw new PolicyValidationException(errors);
        }

        if (policies.Count == 0)
        {
            throw new PolicyValidationException([new PolicyError(directory, "(directory)", "no *.yaml policy files found")]);
        }

        return new PolicySet(policies);
    }

    /// <summary>Parses one policy; adds to <paramref name="errors"/> and returns null when it is invalid.</summary>
    public static ServicePolicy? Parse(string yaml, string file, List<PolicyError> errors, string defaultDriver = "process")
    {
        var before = errors.Count;
        YamlMappingNode root;
        var scanner = new Scanner(new StringReader(yaml));
        try
        {
            var stream = new YamlStream();
            stream.Load(new Parser(scanner));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                errors.Add(new PolicyError(file, "(document)", "expected a YAML mapping of policy fields: " + string.Join(", ", KnownFields)));
                return null;
            }

            root = mapping;
        }
        catch (YamlException e)
        {
            errors.Add(new PolicyError(file, "(syntax)", e.Message, (int)e.Start.Line));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException on some malformed input (an unclosed '[').
            errors.Add(new PolicyError(file, "(syntax)", "the YAML cannot be parsed here (an unclosed bracket or quote?)", (int)scanner.CurrentPosition.Line));
            return null;
        }

        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = keyNode is YamlScalarNode scalar ? scalar.Value ?? string.Empty : keyNode.ToString();
            if (!KnownFields.Contains(key))
            {
                errors.Add(new PolicyError(file, key, "unknown field; allowed: " + string.Join(", ", KnownFields), (int)keyNode.Start.Line));
                continue;
            }

            fields[key] = valueNode;
        }

        var reader = new FieldReader(file, fields, errors);
        var name = reader.String("name", null);
        if (name is not null && !ServiceName().IsMatch(name))
        {
            reader.Error("name", $"'{name}' is not allowed: use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit (it becomes a host name)");
        }

        var image = reader.String("image", null);
        string? imagePath = null;
        if (image is not null)
        {
            imagePath = Path.GetFullPath(image, Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".");
            if (!File.Exists(imagePath) && !Directory.Exists(imagePath))
            {
                reader.Error("image", $"'{image}' does not exist (resolved to {imagePath}); build the guests with ops/setup.sh or give an existing guest binary or Tinyx image folder (ops/build-images.sh)");
            }
        }

        var driver = reader.String("driver", defaultDriver);
        if (driver is not null && !AvailableDrivers.Contains(driver))
        {
            reader.Error("driver", $"'{driver}' is not available; allowed: {string.Join(", ", AvailableDrivers)}");
        }

        var channel = reader.String("configChannel", "page");
        if (channel is not null && channel is not ("page" or "store"))
        {
            reader.Error("configChannel", $"'{channel}' is not allowed: page (the device page) or store (the metadata service)");
        }

        var network = reader.String("network", "isolated");
        if (network is not null && network is not ("isolated" or "shared"))
        {
            reader.Error("network", $"'{network}' is not allowed: isolated (guests cannot reach each other) or shared (guests on the bridge reach each other)");
        }

        var instancePer = reader.String("instancePer", "service");
        InstancePer? instance = instancePer switch
        {
            "service" => InstancePer.Service,
            "host" => InstancePer.Host,
            "user" => InstancePer.User,
            _ => null,
        };
        if (instancePer is not null && instance is null)
        {
            reader.Error("instancePer", $"'{instancePer}' is not allowed: service (one guest for the service), host (one guest per distinct host name <name>.<service>.<suffix>, or per TLS host) or user (one guest per proxy user)");
        }

        var rules = fields.TryGetValue("rules", out var rulesNode) ? AccessFieldReader.ReadRules(rulesNode, file, "rules", errors) : null;
        if (rules is not null)
        {
            AccessFieldReader.CheckRules(rules, file, "rules", errors);
        }

        var users = fields.TryGetValue("users", out var usersNode) ? AccessFieldReader.ReadUsers(usersNode, file, rules ?? PolicyRules.None, errors) : [];
        var hosts = fields.TryGetValue("hosts", out var hostsNode) ? AccessFieldReader.ReadHosts(hostsNode, file, errors) : [];
        if (instance == InstancePer.User && !fields.ContainsKey("users"))
        {
            reader.Error("instancePer", "'user' needs users: the proxy users with their tokens (and rules), e.g. users: { alice: { token: s3cret } }");
        }

        if (fields.ContainsKey("users") && instance != InstancePer.User)
        {
            reader.Error("users", "is only for instancePer: user (one guest per proxy user)");
        }

        if (fields.ContainsKey("hosts") && instance != InstancePer.Host)
        {
            reader.Error("hosts", "is only for instancePer: host (one TLS guest per host name)");
        }

        foreach (var user in users.Where(u => string.IsNullOrWhiteSpace(u.Rules.Text)))
        {
            reader.Error("users", $"user '{user.Name}' has no rules and the policy has no default rules: give rules (e.g. \"allow port 80,443\") to the user or to the policy");
        }

        var backend = fields.ContainsKey("backend") ? reader.String("backend", null) : null;
        if (backend is not null && !AccessFieldReader.IsBackend(backend))
        {
            reader.Error("backend", $"'{backend}' is not allowed: host:port of a plain TCP service, e.g. 10.77.0.1:9000");
        }

        var port = reader.Int("port", 8080, 1, 65535);
        var pool = reader.Int("pool", 1, 0, 1000);
        var maxHeld = reader.Int("maxHeld", 100, 1, 100_000);
        var pauseAfter = reader.Duration("pauseAfter", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1));
        var destroyAfter = reader.Duration("destroyAfter", TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(7));
        var startTimeout = reader.Duration("startTimeout", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        var args = reader.StringList("args");
        if (pauseAfter is { } p && destroyAfter is { } d && d < p)
        {
            reader.Error("destroyAfter", $"{Policies.Duration.Format(d)} is shorter than pauseAfter ({Policies.Duration.Format(p)}); it must be at least as long");
        }

        if (errors.Count > before || name is null || imagePath is null || driver is null)
        {
            return null;
        }

        return new ServicePolicy
        {
            Name = name,
            Image = imagePath,
            Args = args,
            Driver = driver,
            ConfigChannel = channel ?? "page",
            Network = network ?? "isolated",
            InstancePer = instance ?? InstancePer.Service,
            Users = users,
            Rules = rules ?? PolicyRules.None,
            Hosts = hosts,
            Backend = backend,
            Port = port!.Value,
            Pool = pool!.Value,
            MaxHeld = maxHeld!.Value,
            PauseAfter = pauseAfter!.Value,
            DestroyAfter = destroyAfter!.Value,
            StartTimeout = startTimeout!.Value,
            SourceFile = file,
        };
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceName();
}
