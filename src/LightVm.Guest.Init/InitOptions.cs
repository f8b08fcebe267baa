namespace LightVm.Guest.Init;

/// <summary>The init's arguments; a VM passes none (the kernel gives init no useful argv).</summary>
public sealed record InitOptions(string AppPath, string PagePath, string? PageMemory)
{
    public static InitOptions Parse(IReadOnlyList<string> args)
    {
        string app = AppSpec.DefaultPath;
        string page = InitProcess.PagePath;
        string? memory = null;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--app" when value is not null:
                    app = value;
                    i++;
                    break;
                case "--page" when value is not null:
                    page = value;
                    i++;
                    break;
                case "--page-memory" when value is not null:
                    memory = value;
                    i++;
                    break;
                default:
                    // The kernel passes unknown boot words to init as arguments: they are not ours, skip them.
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new InitException($"unknown or incomplete option '{args[i]}' (usage: --app FILE --page FILE --page-memory FILE)");
                    }

                    break;
            }
        }

        return new InitOptions(app, page, memory);
    }
}
