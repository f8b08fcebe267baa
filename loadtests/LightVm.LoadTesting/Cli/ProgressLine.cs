using System.Globalization;
using LightVm.LoadTesting.Engine;

namespace LightVm.LoadTesting.Cli;

/// <summary>
/// The live progress line: rewritten in place on a terminal; on a pipe (CI logs) one line every few seconds.
/// Log lines are written above it.
/// </summary>
public sealed class ProgressLine(TextWriter output, bool interactive, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _lastLine;
    private int _width;

    public void Update(ProgressSnapshot s)
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"[{s.Run}{(s.WarmUp ? " warm-up" : string.Empty)}] {s.ElapsedSeconds,6:0.0}s  started {s.Started}  ok {s.Ok}  err {s.Failed}  in flight {s.InFlight}  p50 {Ms(s.P50)}  p99 {Ms(s.P99)}  {(s.ElapsedSeconds > 0 ? s.Ok / s.ElapsedSeconds : 0),7:0.0} ok/s");
        lock (_lock)
        {
            if (interactive)
            {
                output.Write("\r" + text.PadRight(_width));
                _width = text.Length;
            }
            else if (time.GetElapsedTime(_lastLine) >= TimeSpan.FromSeconds(5) || _lastLine == 0)
            {
                output.WriteLine(text);
                _lastLine = time.GetTimestamp();
            }
        }
    }

    public void Log(string line)
    {
        lock (_lock)
        {
            if (interactive && _width > 0)
            {
                output.Write("\r" + new string(' ', _width) + "\r");
                _width = 0;
            }

            output.WriteLine(line);
        }
    }

    private static string Ms(double v) => double.IsNaN(v) ? "-" : v.ToString(v >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture) + " ms";
}
