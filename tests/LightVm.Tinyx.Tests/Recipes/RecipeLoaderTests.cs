using LightVm.Tinyx.Recipes;
using LightVm.Tinyx.Tests.Support;

namespace LightVm.Tinyx.Tests.Recipes;

public sealed class RecipeLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public RecipeLoaderTests()
    {
        _dir.Write("App.csproj", "<Project />");
        _dir.Write("site/index.html", "hello");
    }

    public void Dispose() => _dir.Dispose();

    private (TinyxRecipe? Recipe, List<RecipeError> Errors) Parse(string yaml)
    {
        var errors = new List<RecipeError>();
        var recipe = RecipeLoader.Parse(yaml, _dir.Combine("tinyx.yaml"), errors);
        return (recipe, errors);
    }

    [Fact]
    public void Parse_ValidProjectRecipe_ReturnsAllFields()
    {
        var (recipe, errors) = Parse("""
            name: web
            app:
              project: App.csproj
            files:
              - from: site
                to: /srv/www
            extraLibraries: [libssl.so.3]
            command: [/app/web, --port, "80"]
            env:
              DOTNET_gcServer: "0"
            noxs: true
            platforms: [uml, oci]
            """);

        Assert.Empty(errors);
        Assert.NotNull(recipe);
        Assert.Equal("web", recipe.Name);
        Assert.Equal(_dir.Combine("App.csproj"), recipe.App.Project);
        Assert.Equal("/app", recipe.App.Target);
        Assert.Equal([new RecipeFile(_dir.Combine("site"), "/srv/www")], recipe.Files);
        Assert.Equal(["libssl.so.3"], recipe.ExtraLibraries);
        Assert.Equal(["/app/web", "--port", "80"], recipe.Command);
        Assert.Equal("0", recipe.Env["DOTNET_gcServer"]);
        Assert.True(recipe.Noxs);
        Assert.Equal([TinyxPlatform.Uml, TinyxPlatform.Oci], recipe.Platforms);
    }

    [Fact]
    public void Parse_NoPlatforms_DefaultsToAllThree()
    {
        var (recipe, errors) = Parse("name: a\napp: {project: App.csproj}\ncommand: [/app/a]\n");

        Assert.Empty(errors);
        Assert.Equal([TinyxPlatform.Qemu, TinyxPlatform.Uml, TinyxPlatform.Oci], recipe!.Platforms);
        Assert.False(recipe.Noxs);
    }

    [Fact]
    public void Parse_PackageRecipe_ReadsPackageAndBinary()
    {
        var (recipe, errors) = Parse("name: nginx\napp: {package: nginx-light, binary: /usr/sbin/nginx}\ncommand: [/usr/sbin/nginx]\n");

        Assert.Empty(errors);
        Assert.Equal("nginx-light", recipe!.App.Package);
        Assert.Equal("/usr/sbin/nginx", recipe.App.Binary);
        Assert.False(recipe.App.IsProject);
    }

    [Fact]
    public void Parse_UnknownField_ReportsFileLineAndAllowedFields()
    {
        var (recipe, errors) = Parse("name: a\napp: {project: App.csproj}\ncommand: [/app/a]\nplatfrom: [qemu]\n");

        Assert.Null(recipe);
        var error = Assert.Single(errors);
        Assert.Equal(4, error.Line);
        Assert.Equal("platfrom", error.Field);
        Assert.StartsWith(_dir.Combine("tinyx.yaml") + ":4: platfrom: unknown field; allowed: name, app, files", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingCommandAndName_ReportsBoth()
    {
        var (recipe, errors) = Parse("app: {project: App.csproj}\n");

        Assert.Null(recipe);
        Assert.Contains(errors, e => e.Field == "name" && e.Message == "is required");
        Assert.Contains(errors, e => e.Field == "command" && e.Message == "is required");
    }

    [Fact]
    public void Parse_RelativeProgram_IsRefusedWithAnExample()
    {
        var (_, errors) = Parse("name: a\napp: {project: App.csproj}\ncommand: [daytime]\n");

        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("must be an absolute path inside the image, e.g. /app/a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ProjectAndPackageTogether_IsRefused()
    {
        var (_, errors) = Parse("name: a\napp: {project: App.csproj, package: nginx-light, binary: /usr/sbin/nginx}\ncommand: [/app/a]\n");

        Assert.Contains(errors, e => e.Field == "app" && e.Message.Contains("exactly one of project", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_PackageWithoutBinary_AsksForIt()
    {
        var (_, errors) = Parse("name: a\napp: {package: nginx-light}\ncommand: [/usr/sbin/nginx]\n");

        Assert.Contains(errors, e => e.Field == "app.binary" && e.Message.Contains("is required with package", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UnknownPlatform_ListsAllowed()
    {
        var (_, errors) = Parse("name: a\napp: {project: App.csproj}\ncommand: [/app/a]\nplatforms: [qemu, xen]\n");

        var error = Assert.Single(errors);
        Assert.Equal("platforms", error.Field);
        Assert.Equal("'xen' is not allowed; allowed: qemu, uml, oci", error.Message);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Parse_MissingProjectAndFile_ReportResolvedPaths()
    {
        var (_, errors) = Parse("name: a\napp: {project: Nope.csproj}\nfiles:\n  - from: missing.conf\n    to: /etc/x.conf\ncommand: [/app/a]\n");

        Assert.Contains(errors, e => e.Field == "app.project" && e.Message.Contains(_dir.Combine("Nope.csproj"), StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "files[0].from" && e.Line == 4 && e.Message.Contains(_dir.Combine("missing.conf"), StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_FileTargetWithDotDot_IsRefused()
    {
        var (_, errors) = Parse("name: a\napp: {project: App.csproj}\nfiles: [{from: site, to: /srv/../etc}]\ncommand: [/app/a]\n");

        Assert.Contains(errors, e => e.Field == "files[0].to");
    }

    [Fact]
    public void Parse_BadBoolAndEnvName_AreReported()
    {
        var (_, errors) = Parse("name: a\napp: {project: App.csproj}\ncommand: [/app/a]\nnoxs: yes\nenv: {1BAD: x}\n");

        Assert.Contains(errors, e => e.Field == "noxs" && e.Message == "'yes' is not allowed: true or false");
        Assert.Contains(errors, e => e.Field == "env" && e.Message.Contains("'1BAD' is not a variable name", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SyntaxError_ReportsLine()
    {
        var (recipe, errors) = Parse("name: a\ncommand: [/app/a\napp: x\n");

        Assert.Null(recipe);
        var error = Assert.Single(errors);
        Assert.Equal("(syntax)", error.Field);
        Assert.True(error.Line >= 2, error.ToString());
    }

    [Fact]
    public void Load_FolderWithoutRecipe_SaysWhatARecipeIs()
    {
        var e = Assert.Throws<RecipeValidationException>(() => RecipeLoader.Load(_dir.Path));

        Assert.Contains("a recipe is a folder with a tinyx.yaml", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("daytime")]
    [InlineData("jit-web")]
    [InlineData("nginx")]
    public void Load_RepositoryRecipes_Parse(string name)
    {
        var recipe = RecipeLoader.Load(Path.Combine(TestKernels.Repository.Root, "unikernels", name));

        Assert.Equal(name, recipe.Name);
        Assert.StartsWith("/", recipe.Command[0], StringComparison.Ordinal);
    }
}
