using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LightVm.Tinyx.Recipes;

/// <summary>
/// Loads <c>tinyx.yaml</c> recipes. Every problem is reported with file, line, field and what is allowed;
/// a recipe with any problem is not returned.
/// </summary>
public static partial class RecipeLoader
{
    public const string FileName = "tinyx.yaml";

    public static readonly IReadOnlyList<string> KnownFields = ["name", "app", "files", "extraLibraries", "command", "env", "noxs", "platforms"];

    public static readonly IReadOnlyList<string> KnownAppFields = ["project", "target", "package", "binary"];

    public static readonly IReadOnlyList<string> KnownFileFields = ["from", "to"];

    /// <summary>Loads <c>&lt;directory&gt;/tinyx.yaml</c> (or the file itself when given one).</summary>
    public static TinyxRecipe Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file))
        {
            throw new RecipeValidationException([new RecipeError(file, "(file)", $"no recipe here; a recipe is a folder with a {FileName}")]);
        }

        var errors = new List<RecipeError>();
        var recipe = Parse(File.ReadAllText(file), Path.GetFullPath(file), errors);
        if (recipe is null || errors.Count > 0)
        {
            throw new RecipeValidationException(errors);
        }

        return recipe;
    }

    /// <summary>Parses one recipe; adds to <paramref name="errors"/> and returns null when it is invalid.</summary>
    public static TinyxRecipe? Parse(string yaml, string file, List<RecipeError> errors)
    {
        var before = errors.Count;
        var root = ParseDocument(yaml, file, errors);
        if (root is null)
        {
            return null;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? "/";
        var reader = new RecipeFieldReader(file, string.Empty, root, KnownFields, errors);
        var name = reader.String("name", required: true);
        if (name is not null && !ImageName().IsMatch(name))
        {
            reader.Error("name", $"'{name}' is not allowed: 1-63 lower-case letters, digits and '-', starting with a letter or digit");
        }

        var app = ReadApp(reader, file, directory, errors);
        var files = ReadFiles(reader, file, directory, errors);
        var extra = reader.StringList("extraLibraries", required: false) ?? [];
        foreach (var library in extra.Where(l => l.Contains('/') && !l.StartsWith('/')))
        {
            reader.Error("extraLibraries", $"'{library}' is not allowed: a soname (libssl.so.3) or an absolute path");
        }

        var command = reader.StringList("command", required: true);
        if (command is { Count: 0 })
        {
            reader.Error("command", "must not be empty: the first item is the program to run");
        }
        else if (command is [var program, ..] && !program.StartsWith('/'))
        {
            reader.Error("command", $"'{program}' is not allowed: the program must be an absolute path inside the image, e.g. /app/{name ?? "app"}");
        }

        var env = ReadEnv(reader, file, errors);
        var noxs = reader.Bool("noxs", fallback: false);
        var platforms = new List<TinyxPlatform>();
        foreach (var text in reader.StringList("platforms", required: false) ?? [.. TinyxPlatforms.Names])
        {
            if (!TinyxPlatforms.TryParse(text, out var platform))
            {
                reader.Error("platforms", $"'{text}' is not allowed; allowed: {string.Join(", ", TinyxPlatforms.Names)}");
            }
            else if (!platforms.Contains(platform))
            {
                platforms.Add(platform);
            }
        }

        if (reader.Has("platforms") && platforms.Count == 0 && errors.Count == before)
        {
            reader.Error("platforms", "must name at least one of: " + string.Join(", ", TinyxPlatforms.Names));
        }

        if (errors.Count > before || name is null || app is null || command is null)
        {
            return null;
        }

        return new TinyxRecipe
        {
            Name = name,
            App = app,
            Files = files,
            ExtraLibraries = extra,
            Command = command,
            Env = env,
            Noxs = noxs,
            Platforms = platforms,
            Directory = directory,
            SourceFile = file,
        };
    }

    private static YamlMappingNode? ParseDocument(string yaml, string file, List<RecipeError> errors)
    {
        var scanner = new Scanner(new StringReader(yaml));
        try
        {
            var stream = new YamlStream();
            stream.Load(new Parser(scanner));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                errors.Add(new RecipeError(file, "(document)", "expected a YAML mapping of recipe fields: " + string.Join(", ", KnownFields)));
                return null;
            }

            return mapping;
        }
        catch (YamlException e)
        {
            errors.Add(new RecipeError(file, "(syntax)", e.Message, (int)e.Start.Line));
            return null;
        }
        catch (InvalidOperationException)
        {
            errors.Add(new RecipeError(file, "(syntax)", "the YAML cannot be parsed here (an unclosed bracket or quote?)", (int)scanner.CurrentPosition.Line));
            return null;
        }
    }

    private static RecipeApp? ReadApp(RecipeFieldReader reader, string file, string directory, List<RecipeError> errors)
    {
        var node = reader.Node("app");
        if (node is null)
        {
            reader.String("app", required: true);
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            reader.Error("app", "must be a mapping: {project: App.csproj} or {package: nginx-light, binary: /usr/sbin/nginx}");
            return null;
        }

        var before = errors.Count;
        var app = new RecipeFieldReader(file, "app.", mapping, KnownAppFields, errors);
        var project = app.String("project", required: false);
        var package = app.String("package", required: false);
        var binary = app.String("binary", required: false);
        var target = app.String("target", required: false) ?? "/app";
        if ((project is null) == (package is null))
        {
            errors.Add(new RecipeError(file, "app", "give exactly one of project (a .NET project published with NativeAOT) or package (a Debian package) with binary", RecipeFieldReader.Line(node)));
            return null;
        }

        string? projectPath = null;
        if (project is not null)
        {
            projectPath = Path.GetFullPath(project, directory);
            if (!File.Exists(projectPath))
            {
                app.Error("project", $"'{project}' does not exist (resolved to {projectPath})");
            }

            if (binary is not null)
            {
                app.Error("binary", "is only for package apps; a project's binary is its AssemblyName under target");
            }

            if (!target.StartsWith('/'))
            {
                app.Error("target", $"'{target}' is not allowed: an absolute directory in the image, e.g. /app");
            }
        }
        else
        {
            if (package is not null && !PackageName().IsMatch(package))
            {
                app.Error("package", $"'{package}' is not a Debian package name");
            }

            if (binary is null)
            {
                app.Error("binary", "is required with package: the program of the package to run, e.g. /usr/sbin/nginx");
            }
            else if (!binary.StartsWith('/'))
            {
                app.Error("binary", $"'{binary}' is not allowed: an absolute path inside the package root");
            }

            if (app.Has("target"))
            {
                app.Error("target", "is only for project apps");
            }
        }

        return errors.Count > before ? null : new RecipeApp { Project = projectPath, Package = package, Binary = binary, Target = target };
    }

    private static List<RecipeFile> ReadFiles(RecipeFieldReader reader, string file, string directory, List<RecipeError> errors)
    {
        var result = new List<RecipeFile>();
        var node = reader.Node("files");
        if (node is null)
        {
            return result;
        }

        if (node is not YamlSequenceNode sequence)
        {
            reader.Error("files", "must be a list of {from: <path in the recipe folder>, to: <absolute path in the image>}");
            return result;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            if (item is not YamlMappingNode mapping)
            {
                errors.Add(new RecipeError(file, $"files[{i}]", "must be a mapping {from: ..., to: ...}", RecipeFieldReader.Line(item)));
                continue;
            }

            var before = errors.Count;
            var entry = new RecipeFieldReader(file, $"files[{i}].", mapping, KnownFileFields, errors);
            var from = entry.String("from", required: true);
            var to = entry.String("to", required: true);
            string? source = null;
            if (from is not null)
            {
                source = Path.GetFullPath(from, directory);
                if (!File.Exists(source) && !Directory.Exists(source))
                {
                    entry.Error("from", $"'{from}' does not exist (resolved to {source})");
                }
            }

            if (to is not null && (!to.StartsWith('/') || to.Split('/').Contains("..") || to == "/"))
            {
                entry.Error("to", $"'{to}' is not allowed: an absolute path in the image, without '..'");
            }

            if (errors.Count == before)
            {
                result.Add(new RecipeFile(source!, to!));
            }
        }

        return result;
    }

    private static Dictionary<string, string> ReadEnv(RecipeFieldReader reader, string file, List<RecipeError> errors)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = reader.Node("env");
        if (node is null)
        {
            return result;
        }

        if (node is not YamlMappingNode mapping)
        {
            reader.Error("env", "must be a mapping of NAME: value");
            return result;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!EnvName().IsMatch(name))
            {
                errors.Add(new RecipeError(file, "env", $"'{name}' is not a variable name (letters, digits, '_', not starting with a digit)", RecipeFieldReader.Line(key)));
                continue;
            }

            if (value is not YamlScalarNode { Value: { } text })
            {
                errors.Add(new RecipeError(file, $"env.{name}", "must be a string", RecipeFieldReader.Line(value)));
                continue;
            }

            result[name] = text;
        }

        return result;
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex ImageName();

    [GeneratedRegex("^[a-z0-9][a-z0-9+.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PackageName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();
}
