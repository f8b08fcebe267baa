using System.CommandLine;

namespace LightVm.LoadTesting.Cli;

/// <summary>
/// The command lines of the load tests and benchmarks, read with System.CommandLine (as <c>lightvm</c> reads its own):
/// the options are declared, parsed and typed there; a usage error (unknown option, missing value, not a number, out
/// of range) is an <see cref="ArgumentException"/> naming the option, followed by the program's usage line.
/// </summary>
public static class BenchCommandLine
{
    /// <summary>Parses <paramref name="args"/> against <paramref name="symbols"/>; null when help was asked for (and written).</summary>
    /// <exception cref="ArgumentException">A usage error; the message names the option and ends with <paramref name="usage"/>.</exception>
    public static ParseResult? Parse(string[] args, string usage, params Symbol[] symbols)
    {
        var root = new RootCommand(usage);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option option:
                    root.Options.Add(option);
                    break;
                case Argument argument:
                    root.Arguments.Add(argument);
                    break;
                default:
                    throw new ArgumentException($"{symbol.Name} is neither an option nor an argument.", nameof(symbols));
            }
        }

        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            throw new ArgumentException($"{string.Join(" ", result.Errors.Select(e => e.Message))} {usage}");
        }

        if (result.Action is not null)
        {
            result.Invoke(); // --help
            return null;
        }

        return result;
    }

    /// <summary>An int option with its default.</summary>
    public static Option<int> Number(string name, int fallback, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
    };

    /// <summary>A text option without a default (null when not given).</summary>
    public static Option<string?> Text(string name, string description, params string[] aliases) => new(name, aliases)
    {
        Description = description,
    };

    /// <summary>A flag.</summary>
    public static Option<bool> Flag(string name, string description) => new(name)
    {
        Description = description,
    };

    /// <summary>The value of <paramref name="option"/>, checked to lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="ArgumentException">Out of range; the message names the option and ends with <paramref name="usage"/>.</exception>
    public static int InRange(ParseResult result, Option<int> option, int min, int max, string usage)
    {
        var value = result.GetValue(option);
        return value >= min && value <= max
            ? value
            : throw new ArgumentException($"{option.Name} '{value}' must be a number from {min} to {max}. {usage}");
    }

    /// <summary>
    /// The options of a benchmark that needs root: null with the exit code when it is not to run (2: not root on
    /// Linux, or a usage error, written to stderr; 0: help was asked for and written).
    /// </summary>
    public static async Task<(T? Options, int ExitCode)> ForRootAsync<T>(string notRoot, Func<T?> parse)
        where T : class
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            await Console.Error.WriteLineAsync(notRoot).ConfigureAwait(false);
            return (null, 2);
        }

        try
        {
            return (parse(), 0);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return (null, 2);
        }
    }
}
