using System.Collections.Concurrent;
using System.Net;

namespace LightVm.Gateway.Fronts;

/// <summary>Where each front really listens (a configured port 0 becomes the port the kernel chose).</summary>
public sealed class FrontEndpoints
{
    private readonly ConcurrentDictionary<string, IPEndPoint> _bound = new(StringComparer.Ordinal);

    /// <summary>Names: <c>proxy</c>, <c>tls</c>, <c>tcp:&lt;service&gt;</c>.</summary>
    public IReadOnlyDictionary<string, IPEndPoint> All => _bound;

    public IPEndPoint Get(string name) =>
        _bound.TryGetValue(name, out var endpoint) ? endpoint : throw new KeyNotFoundException($"No front named '{name}' is listening.");

    internal void Set(string name, IPEndPoint endpoint) => _bound[name] = endpoint;
}
