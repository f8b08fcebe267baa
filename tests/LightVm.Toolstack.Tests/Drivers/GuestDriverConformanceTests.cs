using System.Net;
using System.Runtime.Versioning;
using LightVm.Policies.Pages;
using LightVm.Testing;
using LightVm.Toolstack.Launching;

namespace LightVm.Toolstack.Tests.Drivers;

/// <summary>
/// What every guest driver must do, with the real jit-web guest. A driver's test class derives from this and
/// says how to make its driver, how to kill a guest behind its back, and what "freed" means for it.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class GuestDriverConformanceTests : IAsyncLifetime
{
    protected const int GuestPort = 8080;
    protected static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly List<Shell> _shells = [];
    private IGuestDriver? _driver;

    protected GuestDriverConformanceTests()
    {
        StateDirectory = Directory.CreateTempSubdirectory($"lightvm-{GetType().Name}-").FullName;
    }

    protected string StateDirectory { get; }

    /// <summary>The jit-web guest as this driver takes it (the published binary; VM drivers may take an image folder).</summary>
    protected virtual string JitWebImage => RepoPaths.JitWebGuest();

    /// <summary>False for drivers that configure guests through the device page only: they must refuse the store channel.</summary>
    protected virtual bool SupportsStoreChannel => true;

    /// <summary>How many create/destroy cycles the leak test runs (VM drivers boot a kernel each time).</summary>
    protected virtual int CycleCount => 100;

    protected IGuestDriver Driver => _driver ?? throw new InvalidOperationException("InitializeAsync did not run.");

    public async Task InitializeAsync() => _driver = await CreateDriverAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (var shell in _shells)
        {
            await Driver.DestroyAsync(shell, CancellationToken.None);
        }

        Directory.Delete(StateDirectory, recursive: true);
    }

    [Fact]
    public async Task ExecuteAsync_PreparedShell_GuestBecomesReadyAndAnswersWithItsId()
    {
        var shell = await PrepareJitWebAsync();

        await ExecuteAsync(shell);
        await ReadinessProbe.WaitAsync(shell, ReadyTimeout, TimeProvider.System, CancellationToken.None);
        using var response = await GetAsync(shell, TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(shell.Id.ToString(), Assert.Single(response.Headers.GetValues("X-Guest-Id")));
        Assert.Contains("\"service\":\"hello\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_StoreChannel_GuestFetchesItsPageFromTheMetadataService()
    {
        if (!SupportsStoreChannel)
        {
            var refused = await Assert.ThrowsAsync<GuestStartException>(() => PrepareAsync(Spec(JitWebImage, Driver.Name) with { ConfigChannel = ConfigChannel.Store }));
            Assert.Contains("device page only", refused.Message, StringComparison.Ordinal);
            return;
        }

        var shell = await PrepareAsync(Spec(JitWebImage, Driver.Name) with { ConfigChannel = ConfigChannel.Store });

        await ExecuteAsync(shell);
        await ReadinessProbe.WaitAsync(shell, ReadyTimeout, TimeProvider.System, CancellationToken.None);
        using var response = await GetAsync(shell, TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(shell.Id.ToString(), Assert.Single(response.Headers.GetValues("X-Guest-Id")));
    }

    [Fact]
    public async Task PauseAsync_RunningGuest_DoesNotAnswerUntilResumed()
    {
        var shell = await RunningJitWebAsync();

        await Driver.PauseAsync(shell, CancellationToken.None);

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => GetAsync(shell, TimeSpan.FromSeconds(1)));
        Assert.False(shell.HasExited);

        await Driver.ResumeAsync(shell, CancellationToken.None);

        using var response = await GetAsync(shell, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DestroyAsync_RunningGuest_FreesEverything()
    {
        var shell = await RunningJitWebAsync();
        var footprint = Footprint(shell);

        await Driver.DestroyAsync(shell, CancellationToken.None);

        Assert.True(shell.HasExited);
        AssertFreed(footprint);
    }

    [Fact]
    public async Task DestroyAsync_RunningGuest_PowersOffCleanlyThroughItsPage()
    {
        var shell = await RunningJitWebAsync();

        await Driver.DestroyAsync(shell, CancellationToken.None);

        Assert.Contains("poweroff requested by host (generation 2)", shell.ConsoleTail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DestroyAsync_PausedGuest_FreesEverything()
    {
        var shell = await RunningJitWebAsync();
        var footprint = Footprint(shell);
        await Driver.PauseAsync(shell, CancellationToken.None);

        await Driver.DestroyAsync(shell, CancellationToken.None);

        AssertFreed(footprint);
    }

    [Fact]
    public async Task DestroyAsync_Twice_IsHarmless()
    {
        var shell = await PrepareJitWebAsync();
        var footprint = Footprint(shell);

        await Driver.DestroyAsync(shell, CancellationToken.None);
        await Driver.DestroyAsync(shell, CancellationToken.None);

        AssertFreed(footprint);
    }

    [Fact]
    public async Task ExecuteAsync_ShellWhoseGuestDied_ThrowsGuestStartException()
    {
        var shell = await PrepareJitWebAsync();
        await KillGuestAsync(shell);
        await shell.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<GuestStartException>(async () =>
        {
            await ExecuteAsync(shell);
            await ReadinessProbe.WaitAsync(shell, TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);
        });

        Assert.Contains(shell.Id.ToString("N"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_DriverWithoutSaveRestore_RefusesSayingSo()
    {
        if (Driver.Capabilities.HasFlag(DriverCapabilities.SaveRestore))
        {
            return; // Drivers that can save run their own save/restore tests.
        }

        var shell = await RunningJitWebAsync();

        var save = await Assert.ThrowsAsync<NotSupportedException>(() => Driver.SaveAsync(shell, Path.Combine(StateDirectory, "saved"), CancellationToken.None));
        var restore = await Assert.ThrowsAsync<NotSupportedException>(() => Driver.RestoreAsync(shell.Spec, Path.Combine(StateDirectory, "saved"), CancellationToken.None));

        Assert.Contains($"'{Driver.Name}' cannot save", save.Message, StringComparison.Ordinal);
        Assert.Contains($"'{Driver.Name}' cannot restore", restore.Message, StringComparison.Ordinal);
        Assert.False(shell.HasExited);
    }

    [Fact]
    public async Task Cycles_HundredCreateDestroy_LeakNothing()
    {
        var footprints = new List<object>();
        for (var i = 0; i < CycleCount; i++)
        {
            var shell = await Driver.PrepareAsync(Spec(JitWebImage, Driver.Name), CancellationToken.None);
            footprints.Add(Footprint(shell));
            try
            {
                await ExecuteAsync(shell);
                await ReadinessProbe.WaitAsync(shell, ReadyTimeout, TimeProvider.System, CancellationToken.None);
            }
            finally
            {
                await Driver.DestroyAsync(shell, CancellationToken.None);
            }
        }

        foreach (var footprint in footprints)
        {
            AssertFreed(footprint);
        }

        AssertNothingLeft();
    }

    /// <summary>The driver under test, with its state in <see cref="StateDirectory"/>.</summary>
    protected abstract Task<IGuestDriver> CreateDriverAsync();

    /// <summary>Ends the guest as a crash would, without the driver knowing.</summary>
    protected abstract Task KillGuestAsync(Shell shell);

    /// <summary>What the shell holds (pids, paths, devices), taken while it is alive.</summary>
    protected abstract object Footprint(Shell shell);

    /// <summary>Asserts that nothing of <paramref name="footprint"/> remains.</summary>
    protected abstract void AssertFreed(object footprint);

    /// <summary>Asserts that the driver holds nothing at all (addresses, directories).</summary>
    protected abstract void AssertNothingLeft();

    protected static ShellSpec Spec(string image, string driver = "process", params string[] args) => new()
    {
        Service = TestPolicies.DefaultService,
        Driver = driver,
        Image = image,
        Args = args,
        Port = GuestPort,
    };

    protected static async Task<HttpResponseMessage> GetAsync(Shell shell, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = timeout };
        return await client.GetAsync(new Uri($"http://{shell.Endpoint}/"));
    }

    protected async Task<Shell> PrepareAsync(ShellSpec spec)
    {
        var shell = await Driver.PrepareAsync(spec, CancellationToken.None);
        _shells.Add(shell);
        return shell;
    }

    /// <summary>Destroys <paramref name="shell"/> (made some other way, e.g. restored) when the test ends.</summary>
    protected void Track(Shell shell) => _shells.Add(shell);

    protected Task<Shell> PrepareJitWebAsync() => PrepareAsync(Spec(JitWebImage, Driver.Name));

    protected async Task<Shell> RunningJitWebAsync()
    {
        var shell = await PrepareJitWebAsync();
        await ExecuteAsync(shell);
        await ReadinessProbe.WaitAsync(shell, ReadyTimeout, TimeProvider.System, CancellationToken.None);
        return shell;
    }

    /// <summary>Executes the shell with the page the Dom0 agent would write for it.</summary>
    protected Task ExecuteAsync(Shell shell)
    {
        var policy = TestPolicies.Make(driver: Driver.Name, image: shell.Spec.Image, port: GuestPort);
        var page = DevicePageFactory.Create(shell.Id, shell.Spec.Service, GuestNic.For(shell), policy);
        return Driver.ExecuteAsync(shell, page, CancellationToken.None);
    }
}
