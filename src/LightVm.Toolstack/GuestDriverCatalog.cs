namespace LightVm.Toolstack;

/// <summary>The drivers a host agent can use, by name.</summary>
public sealed class GuestDriverCatalog
{
    private readonly Dictionary<string, IGuestDriver> _drivers;

    public GuestDriverCatalog(IEnumerable<IGuestDriver> drivers)
    {
        _drivers = drivers.ToDictionary(d => d.Name, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Names => _drivers.Keys;

    public IGuestDriver Get(string name) =>
        _drivers.TryGetValue(name, out var driver)
            ? driver
            : throw new GuestStartException($"Driver '{name}' is not available on this host; available: {string.Join(", ", _drivers.Keys)}.");
}
