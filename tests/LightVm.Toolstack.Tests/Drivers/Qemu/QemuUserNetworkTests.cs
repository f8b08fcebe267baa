using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using LightVm.Devd;
using LightVm.Devd.Network;
using LightVm.Policies.Pages;
using LightVm.Testing;
using LightVm.Toolstack.Drivers.Qemu;
using LightVm.Toolstack.Launching;
using Microsoft.Extensions.Logging.Abstractions;

namespace LightVm.Toolstack.Tests.Drivers.Qemu;

/// <summary>
/// The qemu driver with user-mode networking forced (what it falls back to without root): real QEMU guests behind
/// slirp, each reached through one forwarded port on a 127.77.x.y address. Few boots: each takes seconds under TCG.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(VmDriverCollection.Name)]
public sealed class QemuUserNetworkTests : IAsyncLifetime
{
    private const int GuestPort = 8080;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _state = Directory.CreateTempSubdirectory("lightvm-QemuUserNetworkTests-").FullName;
    private readonly GuestNetwork _network = TestGuestNetwork.Create("lvq-unused", "10.82.0.0/24");
    private readonly List<Shell> _shells = [];
    private QemuDriver _driver = null!;

    public Task InitializeAsync()
    {
        var options = new QemuDriverOptions
        {
            StateDirectory = Path.Combine(_state, "qemu"),
            GuestInit = RepoPaths.GuestInit(),
            Network = "user",
            BootTimeout = TimeSpan.FromMinutes(4), // TCG on a shared 2-core machine
        };
        _driver = new QemuDriver(options, _network, () => throw new InvalidOperationException("user mode is forced: no tap check"), TimeProvider.System, NullLogger<QemuDriver>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var shell in _shells)
        {
            await _driver.DestroyAsync(shell, CancellationToken.None);
        }

        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public void Network_AutoWithoutTaps_UserDecidedOnce()
    {
        var asked = 0;
        var driver = new QemuDriver(
            new QemuDriverOptions { Network = "auto" }, _network,
            () => { asked++; return new TapCapability(false, "not root and no CAP_NET_ADMIN"); }, TimeProvider.System, NullLogger<QemuDriver>.Instance);

        Assert.Equal(QemuNetwork.User, driver.Network);
        Assert.Equal(QemuNetwork.User, driver.Network);
        Assert.Contains("user-mode networking", driver.NetworkReason, StringComparison.Ordinal);
        Assert.Equal(1, asked);
    }

    [Fact]
    public async Task ExecuteAsync_UserNetwork_AnswersThroughItsForwardAndPausesAndResumes()
    {
        var shell = (QemuShell)await PrepareAsync();
        Assert.Null(shell.Tap);
        Assert.StartsWith("127.77.", shell.Endpoint.Address.ToString(), StringComparison.Ordinal);
        Assert.Equal(GuestPort, shell.Endpoint.Port);

        await ExecuteAsync(shell);
        await ReadinessProbe.WaitAsync(shell, ReadyTimeout, TimeProvider.System, CancellationToken.None);
        using (var response = await GetAsync(shell, TimeSpan.FromSeconds(10)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(shell.Id.ToString(), Assert.Single(response.Headers.GetValues("X-Guest-Id")));
        }

        Assert.Equal(IPAddress.Parse("10.0.2.15"), shell.Page!.Nic!.Address);
        Assert.Equal(24, shell.Page.Nic.PrefixLength);
        Assert.Equal(IPAddress.Parse("10.0.2.2"), shell.Page.Nic.Gateway);

        await _driver.PauseAsync(shell, CancellationToken.None);
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => GetAsync(shell, TimeSpan.FromSeconds(1)));
        await _driver.ResumeAsync(shell, CancellationToken.None);

        using var resumed = await GetAsync(shell, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
    }

    [Fact]
    public async Task ReadinessProbe_UserNetworkGuestListeningOnAnotherPort_NeverReadyThoughTheForwardAccepts()
    {
        var shell = await PrepareAsync();

        await ExecuteAsync(shell, listenPort: GuestPort + 1);
        var error = await Assert.ThrowsAsync<GuestStartException>(() => ReadinessProbe.WaitAsync(shell, TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None));

        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);

        // The guest did start, on the other port: its line can reach the console after the probe gave up (TCG, busy host).
        for (var i = 0; i < 150 && !shell.ConsoleTail().Contains("listening on 10.0.2.15:8081", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200);
        }

        Assert.Contains("listening on 10.0.2.15:8081", shell.ConsoleTail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DestroyAsync_UserNetwork_EndsQemuAndFreesTheForwardedPort()
    {
        var shell = (QemuShell)await PrepareAsync();
        await ExecuteAsync(shell);
        await ReadinessProbe.WaitAsync(shell, ReadyTimeout, TimeProvider.System, CancellationToken.None);
        var pid = shell.Process!.Pid;

        await _driver.DestroyAsync(shell, CancellationToken.None);

        Assert.True(shell.HasExited);
        Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal), $"QEMU {pid} is still there");
        Assert.Equal(0, _network.Loopback.InUse);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(shell.Endpoint); // throws when QEMU still holds the forward
    }

    [Fact]
    public async Task RestoreAsync_UserNetworkClonesOfOnePreparedShell_EachAnswersOnItsOwnForward()
    {
        var template = await PrepareAsync();
        var snapshot = Path.Combine(_state, "snapshots", "jit-web.vm");
        await _driver.SaveAsync(template, snapshot, CancellationToken.None);

        var clones = new[] { await RestoreAsync(snapshot), await RestoreAsync(snapshot) };
        foreach (var clone in clones)
        {
            await ExecuteAsync(clone);
            await ReadinessProbe.WaitAsync(clone, ReadyTimeout, TimeProvider.System, CancellationToken.None);
        }

        Assert.Equal(QemuNetwork.User, Assert.IsType<QemuShell>(clones[0]).Machine.Network);
        Assert.NotEqual(clones[0].Endpoint, clones[1].Endpoint);
        foreach (var clone in clones)
        {
            using var response = await GetAsync(clone, TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(clone.Id.ToString(), Assert.Single(response.Headers.GetValues("X-Guest-Id")));
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(Shell shell, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = timeout };
        return await client.GetAsync(new Uri($"http://{shell.Endpoint}/"));
    }

    private async Task<Shell> PrepareAsync()
    {
        var spec = new ShellSpec { Service = TestPolicies.DefaultService, Driver = "qemu", Image = RepoPaths.JitWebGuest(), Args = [], Port = GuestPort };
        var shell = await _driver.PrepareAsync(spec, CancellationToken.None);
        _shells.Add(shell);
        return shell;
    }

    private async Task<Shell> RestoreAsync(string snapshot)
    {
        var spec = new ShellSpec { Service = TestPolicies.DefaultService, Driver = "qemu", Image = RepoPaths.JitWebGuest(), Args = [], Port = GuestPort };
        var shell = await _driver.RestoreAsync(spec, snapshot, CancellationToken.None);
        _shells.Add(shell);
        return shell;
    }

    /// <summary>Executes with the page the Dom0 agent writes (its NIC from the shell's guest address).</summary>
    private Task ExecuteAsync(Shell shell, int listenPort = GuestPort)
    {
        var policy = TestPolicies.Make(driver: "qemu", image: shell.Spec.Image, port: listenPort);
        var page = DevicePageFactory.Create(shell.Id, shell.Spec.Service, GuestNic.For(shell), policy);
        return _driver.ExecuteAsync(shell, page, CancellationToken.None);
    }
}
