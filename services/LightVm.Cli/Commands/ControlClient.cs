using System.Net.Http.Json;
using System.Text.Json;

namespace LightVm.Cli.Commands;

/// <summary>Talks to a running platform's control API; turns every failure into one clear line.</summary>
internal sealed class ControlClient(Uri baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(90) };

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach the control API at {_http.BaseAddress} ({e.Message}); is `lightvm up` running? (--url)");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonElement json = default;
            if (text.Length > 0)
            {
                try
                {
                    json = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    // Not JSON: report the text as it is.
                }
            }

            if (!response.IsSuccessStatusCode)
            {
                var reason = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var error) ? error.GetString() : text.Trim();
                throw new CliException($"{(int)response.StatusCode}: {reason}");
            }

            return json;
        }
    }

    public void Dispose() => _http.Dispose();
}
