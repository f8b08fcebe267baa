using LightVm.Policies;
using LightVm.Toolstack;

namespace LightVm.Testing;

/// <summary>
/// Service policies and shell specs with sensible defaults for tests. (Not called <c>Policies</c>: inside any
/// <c>LightVm.*</c> namespace that name resolves to the <c>LightVm.Policies</c> namespace first.)
/// </summary>
public static class TestPolicies
{
    public const string DefaultService = "hello";
    public const string FakeDriver = "fake";

    public static ServicePolicy Make(
        string name = DefaultService,
        string driver = FakeDriver,
        string image = "/bin/true",
        IReadOnlyList<string>? args = null,
        int port = 8080,
        int pool = 0,
        TimeSpan? pauseAfter = null,
        TimeSpan? destroyAfter = null,
        TimeSpan? startTimeout = null,
        int maxHeld = 100) => new()
        {
            Name = name,
            Driver = driver,
            Image = image,
            Args = args ?? [],
            Port = port,
            Pool = pool,
            PauseAfter = pauseAfter ?? TimeSpan.FromSeconds(30),
            DestroyAfter = destroyAfter ?? TimeSpan.FromMinutes(5),
            StartTimeout = startTimeout ?? TimeSpan.FromSeconds(10),
            MaxHeld = maxHeld,
        };

    public static PolicySet Set(params ServicePolicy[] policies) => new(policies);

    public static ShellSpec Spec(string service = DefaultService, string driver = FakeDriver, string image = "/bin/true", int port = 8080) => new()
    {
        Service = service,
        Driver = driver,
        Image = image,
        Port = port,
    };
}
