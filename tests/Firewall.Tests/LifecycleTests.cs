using System.Net;
using LightVm.Noxs;

namespace LightVm.FirewallGuest.Tests;

/// <summary>The contract between the host's process driver and the firewall guest, and requests it refuses to parse.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Go_RulesDoNotParse_ExitsTwoListingEveryError()
    {
        using var guest = FirewallGuest.Start();
        guest.WritePage(FirewallGuest.Page(Harness.GuestAddress, GuestProcess.FreePort(Harness.GuestAddress), "alow host a.test\nallow port 0"));

        guest.Go();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(5)), "the firewall did not exit on rules that do not parse.");
        Assert.Equal(2, guest.ExitCode);
        Assert.Contains("'rules' do not parse", guest.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 1: 'alow host a.test': unknown word 'alow': a rule starts with allow, deny or default", guest.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 2: 'allow port 0': '0' is not a port or port range", guest.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Go_PageWithoutRules_ExitsTwoWithError()
    {
        using var guest = FirewallGuest.Start();
        guest.WritePage(FirewallGuest.Page(Harness.GuestAddress, GuestProcess.FreePort(Harness.GuestAddress), rules: null));

        guest.Go();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(5)), "the firewall did not exit on a page without rules.");
        Assert.Equal(2, guest.ExitCode);
        Assert.Contains("no 'rules'", guest.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Go_PageMissing_ExitsTwoWithError()
    {
        using var guest = FirewallGuest.Start();

        guest.Go();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(5)), "the firewall did not exit without a page.");
        Assert.Equal(2, guest.ExitCode);
        Assert.Contains("device page", guest.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stdin_ClosedBeforeGo_ExitsZeroSilently()
    {
        using var guest = FirewallGuest.Start();

        guest.CloseStandardInput();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(5)), "the firewall kept waiting after stdin ended.");
        Assert.Equal(0, guest.ExitCode);
        Assert.Equal(GuestLink.WaitingLine + "\n", guest.Stdout); // said it waits for go, then nothing more
        Assert.Equal(string.Empty, guest.Stderr);
    }

    [Fact]
    public async Task Go_ValidPage_AnnouncesUserAndRules()
    {
        using var guest = FirewallGuest.Start();

        var proxy = await Harness.StartServingAsync(guest, "allow host a.test\ndefault allow");

        await guest.AssertStdoutEventuallyContainsAsync($"service firewall user alice listening on {proxy} (1 rule, default allow)");
    }

    [Fact]
    public async Task Stdin_ClosedByHost_ExitsZero()
    {
        using var guest = FirewallGuest.Start();
        await Harness.StartServingAsync(guest, "allow");

        guest.CloseStandardInput();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(5)), "the firewall outlived its host's stdin by 5 s.");
        Assert.Equal(0, guest.ExitCode);
    }

    [Fact]
    public async Task Poweroff_NewGenerationWithSysctl_ExitsZeroAndSaysSo()
    {
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "allow");

        guest.WritePage(FirewallGuest.Page(Harness.GuestAddress, proxy.Port, "allow") with { Generation = 2, Sysctl = SysctlRequest.Poweroff });

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(10)), $"the firewall did not power off within 10 s; stderr: {guest.Stderr}");
        Assert.Equal(0, guest.ExitCode);
        await guest.AssertStdoutEventuallyContainsAsync("firewall: poweroff requested by host (generation 2)");
    }

    [Fact]
    public async Task NewerPage_OtherRules_ApplyToLaterFlows()
    {
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "allow");

        guest.WritePage(FirewallGuest.Page(Harness.GuestAddress, proxy.Port, "deny host blocked.test\nallow") with { Generation = 2 });
        var seen = await WaitForAsync(() => guest.Stdout.Contains("rules of generation 2 in force", StringComparison.Ordinal), TimeSpan.FromSeconds(40));
        var answer = await Harness.ExchangeAsync(proxy, "CONNECT blocked.test:443 HTTP/1.1\r\nHost: blocked.test:443\r\n\r\n");

        Assert.True(seen, $"the newer page was not taken; stderr: {guest.Stderr}");
        Assert.StartsWith("HTTP/1.1 403 Forbidden\r\n", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GARBAGE\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n")]
    [InlineData("GET /relative HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n")]
    [InlineData("GET https://x.test/ HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n")]
    [InlineData("GET http://user@x.test/ HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n")]
    [InlineData("GET http://x.test/ HTTP/1.1\r\nBad Header\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n")]
    [InlineData("POST http://x.test/ HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n")]
    [InlineData("GET http://x.test/ HTTP/2.0\r\nHost: x\r\n\r\n", "HTTP/1.1 505 HTTP Version Not Supported\r\n")]
    public async Task Request_Malformed_GetsErrorAndClose(string request, string statusLine)
    {
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "allow");

        var answer = await Harness.ExchangeAsync(proxy, request);

        Assert.StartsWith(statusLine, answer, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_HeadOver16KiB_Gets431()
    {
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "allow");

        var answer = await Harness.ExchangeAsync(proxy, $"GET http://x.test/ HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 17 * 1024)}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 431 ", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_BadConnection_GuestKeepsServing()
    {
        using var origin = OriginServer.Start();
        using var guest = FirewallGuest.Start();
        var proxy = await Harness.StartServingAsync(guest, "allow");
        await Harness.ExchangeAsync(proxy, "\0\0\0\r\n\r\n");

        var answer = await Harness.ExchangeAsync(proxy, $"GET http://127.0.0.1:{origin.Port}/after HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer, StringComparison.Ordinal);
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!condition())
        {
            try
            {
                await Task.Delay(50, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                return condition();
            }
        }

        return true;
    }
}
