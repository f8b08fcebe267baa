using System.Text;

namespace LightVm.Toolstack;

/// <summary>The last lines a guest wrote to its console, kept for error messages.</summary>
public sealed class ConsoleBuffer
{
    private const int Kept = 50;
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();

    public void Add(string line)
    {
        lock (_lock)
        {
            _lines.Enqueue(line);
            while (_lines.Count > Kept)
            {
                _lines.Dequeue();
            }
        }
    }

    /// <summary>The last <paramref name="lines"/> lines joined by " | ", or "(empty)".</summary>
    public string Tail(int lines)
    {
        lock (_lock)
        {
            var text = new StringBuilder();
            foreach (var line in _lines.Skip(Math.Max(0, _lines.Count - lines)))
            {
                text.Append(line).Append(" | ");
            }

            return text.Length == 0 ? "(empty)" : text.ToString(0, text.Length - 3);
        }
    }
}
