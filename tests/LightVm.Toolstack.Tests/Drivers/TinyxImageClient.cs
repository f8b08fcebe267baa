using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LightVm.Toolstack.Tests.Drivers;

/// <summary>
/// The three Tinyx images of unikernels/ (built by ops/build-images.sh) and a real client for each: a TCP client
/// reading daytime's RFC 867 line, an HTTP GET for jit-web and nginx.
/// </summary>
internal static class TinyxImageClient
{
    /// <summary>Recipe name and the port its app listens on (daytime: the page's port; nginx.conf: 80).</summary>
    public static TheoryData<string, int> Images => new()
    {
        { "daytime", 13 },
        { "jit-web", 8080 },
        { "nginx", 80 },
    };

    /// <summary>Asserts that the guest answers as its image's app does.</summary>
    public static async Task AssertAnswersAsync(string image, Shell shell)
    {
        if (image == "daytime")
        {
            using var client = new TcpClient();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await client.ConnectAsync(shell.Endpoint, deadline.Token);
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            var line = await reader.ReadToEndAsync(deadline.Token);

            Assert.Matches(@"^[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4} \d\d:\d\d:\d\d-UTC\r\n$", line);
            return;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.GetAsync(new Uri($"http://{shell.Endpoint}/"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (image == "nginx")
        {
            Assert.Contains("nginx on a Tinyx guest", body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(shell.Id.ToString(), Assert.Single(response.Headers.GetValues("X-Guest-Id")));
        }
    }
}
