using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using LightVm.Gateway.Fronts;

namespace LightVm.Gateway.Tests.Fronts;

public sealed class ClientHelloTests
{
    [Theory]
    [InlineData("shop.example.test")]
    [InlineData("A.Mixed.Case.Test")]
    public async Task Parse_RealClientHelloWithSni_GivesTheNameInLowerCase(string name)
    {
        var hello = await CaptureClientHelloAsync(name);

        var result = ClientHello.Parse(hello);

        Assert.True(result.Complete);
        Assert.Null(result.Error);
        Assert.Equal(name.ToLowerInvariant(), result.ServerName);
    }

    [Fact]
    public async Task Parse_RealClientHelloToAnAddress_HasNoSni()
    {
        var hello = await CaptureClientHelloAsync(string.Empty);

        var result = ClientHello.Parse(hello);

        Assert.True(result.Complete);
        Assert.Null(result.Error);
        Assert.Null(result.ServerName);
    }

    [Fact]
    public async Task Parse_EveryPrefixOfAClientHello_NeedsMore()
    {
        var hello = await CaptureClientHelloAsync("prefix.test");

        for (var length = 0; length < hello.Length; length += 7)
        {
            Assert.False(ClientHello.Parse(hello.AsSpan(0, length)).Complete, $"complete at {length} of {hello.Length} bytes");
        }
    }

    [Fact]
    public async Task Parse_ClientHelloSplitOverTwoRecords_IsReassembled()
    {
        var hello = await CaptureClientHelloAsync("split.test");
        var body = hello.AsSpan(5).ToArray();
        var half = body.Length / 2;
        byte[] twoRecords = [.. Record(body[..half]), .. Record(body[half..])];

        var result = ClientHello.Parse(twoRecords);

        Assert.Equal("split.test", result.ServerName);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("\u0016\u0002\u0000\u0000\u0005hello")]
    public void Parse_NotTls_ReportsAnError(string text)
    {
        var result = ClientHello.Parse(System.Text.Encoding.Latin1.GetBytes(text));

        Assert.True(result.Complete);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public async Task Parse_TruncatedBodyInsideACompleteRecord_ReportsAnError()
    {
        var hello = await CaptureClientHelloAsync("cut.test");
        var body = hello.AsSpan(5, 60).ToArray();
        body[1] = 0;
        body[2] = 0;
        body[3] = 56; // the handshake says 56 bytes, too few for what a ClientHello needs

        var result = ClientHello.Parse(Record(body));

        Assert.NotNull(result.Error);
    }

    private static byte[] Record(byte[] payload) =>
        [22, 3, 1, (byte)(payload.Length >> 8), (byte)payload.Length, .. payload];

    /// <summary>The first bytes a real SslStream client sends (the listener never answers).</summary>
    private static async Task<byte[]> CaptureClientHelloAsync(string serverName)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndPoint!);
        using var server = await listener.AcceptAsync();
        using var ssl = new SslStream(client.GetStream());
        using var stop = new CancellationTokenSource();
        var handshake = ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName }, stop.Token);

        var buffer = new byte[ClientHello.MaxBytes];
        var length = 0;
        while (!ClientHello.Parse(buffer.AsSpan(0, length)).Complete)
        {
            var read = await server.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(read > 0, "the client closed before its ClientHello was complete");
            length += read;
        }

        await stop.CancelAsync();
        server.Close();
        await Assert.ThrowsAnyAsync<Exception>(() => handshake);
        return buffer[..length];
    }
}
