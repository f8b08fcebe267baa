using System.Net.Sockets;
using System.Text.Json;

namespace LightVm.Toolstack.Drivers.Qemu;

/// <summary>The reading side: one loop reads QEMU's lines and hands each to the waiting command, the event waiters and <see cref="EventReceived"/>.</summary>
public sealed partial class QmpClient
{
    private static string ReadVersion(JsonElement greeting)
    {
        if (greeting.TryGetProperty("QMP", out var qmp) && qmp.TryGetProperty("version", out var version) && version.TryGetProperty("qemu", out var qemu))
        {
            return $"{qemu.GetProperty("major").GetInt32()}.{qemu.GetProperty("minor").GetInt32()}.{qemu.GetProperty("micro").GetInt32()}";
        }

        throw new QmpException($"The first message on {greeting} is not a QMP greeting.");
    }

    private async Task ReadLoopAsync()
    {
        var reason = "QEMU closed the QMP socket (it exited or crashed)";
        try
        {
            while (await _reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                JsonElement message;
                try
                {
                    using var document = JsonDocument.Parse(line);
                    message = document.RootElement.Clone();
                }
                catch (JsonException e)
                {
                    reason = $"QEMU sent a line that is not JSON ({e.Message}): {Truncate(line)}";
                    break;
                }

                Dispatch(message);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            reason = $"the QMP connection broke: {e.Message}";
        }

        Close(reason);
    }

    private void Dispatch(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (message.TryGetProperty("QMP", out _))
        {
            _greeting.TrySetResult(message);
            return;
        }

        if (message.TryGetProperty("event", out var name))
        {
            RaiseEvent(message, name.GetString() ?? string.Empty);
            return;
        }

        if (!message.TryGetProperty("id", out var idElement) || !idElement.TryGetInt64(out var id) || !_pending.TryGetValue(id, out var pending))
        {
            return; // An answer nobody waits for any more (timed out).
        }

        if (message.TryGetProperty("return", out var result))
        {
            pending.Result.TrySetResult(result);
        }
        else if (message.TryGetProperty("error", out var error))
        {
            var errorClass = error.TryGetProperty("class", out var c) ? c.GetString() : null;
            var description = error.TryGetProperty("desc", out var d) ? d.GetString() : error.ToString();
            pending.Result.TrySetException(new QmpException($"QEMU refused '{pending.Command}': {description} ({errorClass})", errorClass));
        }
    }

    private void RaiseEvent(JsonElement message, string name)
    {
        var data = message.TryGetProperty("data", out var d) ? d : default;
        var timestamp = DateTimeOffset.UnixEpoch;
        if (message.TryGetProperty("timestamp", out var ts) && ts.TryGetProperty("seconds", out var s) && ts.TryGetProperty("microseconds", out var us))
        {
            timestamp = DateTimeOffset.FromUnixTimeSeconds(s.GetInt64()).AddTicks(us.GetInt64() * 10);
        }

        var qmpEvent = new QmpEvent(name, data, timestamp);
        _eventWaiters.Complete(qmpEvent);
        EventReceived?.Invoke(qmpEvent);
    }

    private void Close(string reason)
    {
        if (!_closed.TrySetResult(reason))
        {
            return;
        }

        _greeting.TrySetException(new QmpException($"No QMP greeting on {_socketPath}: {reason}."));
        foreach (var pending in _pending.Values)
        {
            pending.Result.TrySetException(new QmpException($"No answer to '{pending.Command}' on {_socketPath}: {reason}."));
        }

        _eventWaiters.FailAll(reason);
    }

    private static string Truncate(string line) => line.Length <= 200 ? line : line[..200] + "...";
}
