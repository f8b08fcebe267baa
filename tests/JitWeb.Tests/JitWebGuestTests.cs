using System.Net;
using System.Net.Sockets;
using System.Text;
using LightVm.Noxs;

namespace LightVm.JitWeb.Tests;

/// <summary>The contract between the host's process driver and the jit-web guest, tested on the published binary.</summary>
public sealed class JitWebGuestTests
{
    private static readonly IPAddress GuestAddress = IPAddress.Parse("127.77.200.2");
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Get_AfterPageAndGo_AnswersWithIdentity()
    {
        var guestId = Guid.NewGuid();
        using var guest = JitWebGuest.Start();
        var endPoint = await StartServingAsync(guest, guestId);

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await client.GetAsync(new Uri($"http://{endPoint}/x?y=1"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(guestId.ToString(), Assert.Single(response.Headers.GetValues("X-Guest-Id")));
        Assert.Equal($"{{\"guest\":\"{guestId}\",\"service\":\"hello\",\"generation\":1,\"method\":\"GET\",\"path\":\"/x\"}}\n", body);
        Assert.Contains($"jit-web: guest {guestId} service hello listening on {endPoint}", guest.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stdin_ClosedByHost_ProcessExitsWithinFiveSeconds()
    {
        using var guest = JitWebGuest.Start();
        await StartServingAsync(guest, Guid.NewGuid());

        guest.CloseStandardInput();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(5)), "jit-web outlived its host's stdin by 5 s.");
        Assert.Equal(0, guest.ExitCode);
    }

    [Fact]
    public async Task Poweroff_NewGenerationWithSysctl_ExitsZeroAndSaysSo()
    {
        var guestId = Guid.NewGuid();
        using var guest = JitWebGuest.Start();
        var endPoint = await StartServingAsync(guest, guestId);
        using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
        using (var response = await client.GetAsync(new Uri($"http://{endPoint}/before")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        guest.WritePage(JitWebGuest.Page(guestId, GuestAddress, endPoint.Port) with { Generation = 2, Sysctl = SysctlRequest.Poweroff });

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(10)), $"jit-web did not power off within 10 s; stderr: {guest.Stderr}");
        Assert.Equal(0, guest.ExitCode);
        Assert.Contains("jit-web: poweroff requested by host (generation 2)", guest.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stdin_ClosedBeforeGo_ExitsZeroSilently()
    {
        using var guest = JitWebGuest.Start();

        guest.CloseStandardInput();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(5)), "jit-web kept waiting after stdin ended.");
        Assert.Equal(0, guest.ExitCode);
        Assert.Equal(string.Empty, guest.Stderr);
    }

    [Fact]
    public async Task Go_PageWithoutPort_ExitsTwoWithError()
    {
        using var guest = JitWebGuest.Start();
        guest.WritePage(JitWebGuest.Page(Guid.NewGuid(), GuestAddress, port: null));

        guest.Go();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(5)), "jit-web did not exit on a page without a port.");
        Assert.Equal(2, guest.ExitCode);
        Assert.Contains("port", guest.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Go_PageMissing_ExitsTwoWithError()
    {
        using var guest = JitWebGuest.Start();

        guest.Go();

        Assert.True(await guest.WaitForExitAsync(TimeSpan.FromSeconds(5)), "jit-web did not exit without a page.");
        Assert.Equal(2, guest.ExitCode);
        Assert.Contains("device page", guest.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_MalformedRequestLine_Gets400()
    {
        using var guest = JitWebGuest.Start();
        var endPoint = await StartServingAsync(guest, Guid.NewGuid());

        var answer = await ExchangeAsync(endPoint, "GARBAGE\r\nHost: x\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Connection: close\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_HeadOver16KiB_Gets431()
    {
        using var guest = JitWebGuest.Start();
        var endPoint = await StartServingAsync(guest, Guid.NewGuid());

        var answer = await ExchangeAsync(endPoint, $"GET / HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 17 * 1024)}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 431 ", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepAlive_PipelinedRequestsWithBody_AllAnsweredInOrder()
    {
        using var guest = JitWebGuest.Start();
        var endPoint = await StartServingAsync(guest, Guid.NewGuid());

        var answer = await ExchangeAsync(
            endPoint,
            "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
            + "HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /b?q=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        var statusLines = answer.Split("HTTP/1.1 200 OK\r\n").Length - 1;
        Assert.Equal(3, statusLines);
        Assert.True(
            answer.IndexOf("\"method\":\"POST\",\"path\":\"/a\"", StringComparison.Ordinal)
            < answer.IndexOf("\"method\":\"GET\",\"path\":\"/b\"", StringComparison.Ordinal),
            answer);
        Assert.DoesNotContain("\"path\":\"/h\"", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_ChunkedBody_Gets411()
    {
        using var guest = JitWebGuest.Start();
        var endPoint = await StartServingAsync(guest, Guid.NewGuid());

        var answer = await ExchangeAsync(endPoint, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 411 ", answer, StringComparison.Ordinal);
    }

    private static async Task<IPEndPoint> StartServingAsync(GuestProcess guest, Guid guestId)
    {
        var endPoint = new IPEndPoint(GuestAddress, GuestProcess.FreePort(GuestAddress));
        guest.WritePage(JitWebGuest.Page(guestId, GuestAddress, endPoint.Port));
        guest.Go();
        await guest.WaitUntilListeningAsync(endPoint, ListenTimeout);
        return endPoint;
    }

    /// <summary>Sends raw bytes and reads until the guest closes the connection.</summary>
    private static async Task<string> ExchangeAsync(IPEndPoint endPoint, string request)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(endPoint, cancel.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancel.Token);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, cancel.Token);
        return Encoding.UTF8.GetString(answer.ToArray());
    }
}
