using LightVm.Noxs;

namespace LightVm.Guest.Hosting;

/// <summary>Where the device page is: <c>--page PATH</c> (or <c>--page=PATH</c>) on the command line, else <c>LIGHTVM_PAGE</c>.</summary>
public sealed record GuestOptions(string PagePath)
{
    public const string PageVariable = GuestVariables.Page;

    /// <summary>Parses the command line of the guest named <paramref name="name"/> (for the usage line); a mistake is a <see cref="GuestStartupException"/>.</summary>
    public static GuestOptions Parse(string name, IReadOnlyList<string> args, string? environmentPage)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? page = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--page")
            {
                if (i + 1 >= args.Count)
                {
                    throw new GuestStartupException("--page needs a path.");
                }

                page = args[++i];
            }
            else if (arg.StartsWith("--page=", StringComparison.Ordinal))
            {
                page = arg["--page=".Length..];
            }
            else
            {
                throw new GuestStartupException($"Unknown argument '{arg}'. Usage: {name} [--page PATH] (or set {PageVariable}).");
            }
        }

        page ??= environmentPage;
        if (string.IsNullOrWhiteSpace(page))
        {
            throw new GuestStartupException($"No device page: set {PageVariable} or pass --page PATH.");
        }

        return new GuestOptions(page);
    }
}
