using System.Text;

namespace LightVm.Guest.Tests;

/// <summary>A thread-safe log that records whole lines and lets a test wait (bounded) for one.</summary>
public sealed class LogSink : TextWriter
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly StringBuilder _partial = new();
    private readonly List<(string Text, TaskCompletionSource<string> Found)> _waiters = [];

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value != '\n')
            {
                _partial.Append(value);
                return;
            }

            var line = _partial.ToString().TrimEnd('\r');
            _partial.Clear();
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Found.TrySetResult(line);
            }
        }
    }

    /// <summary>The first line containing <paramref name="text"/>, waiting for it up to <paramref name="limit"/> (a hang guard).</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan limit)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = _lines.Find(l => l.Contains(text, StringComparison.Ordinal));
            if (existing is not null)
            {
                return existing;
            }

            _waiters.Add((text, found));
        }

        return await found.Task.WaitAsync(limit);
    }
}
