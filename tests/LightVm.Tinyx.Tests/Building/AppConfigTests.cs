using System.Text;
using LightVm.Tinyx.Building;
using LightVm.Tinyx.Recipes;

namespace LightVm.Tinyx.Tests.Building;

public sealed class AppConfigTests
{
    [Fact]
    public void Render_SortsEnvAndFollowsTheContract()
    {
        var recipe = new TinyxRecipe
        {
            Name = "jit-web",
            App = new RecipeApp { Project = "/x.csproj" },
            Command = ["/app/jit-web", "--quiet"],
            Env = new Dictionary<string, string> { ["Z"] = "1", ["DOTNET_gcServer"] = "0" },
            Noxs = true,
            Platforms = [TinyxPlatform.Qemu],
            Directory = "/",
            SourceFile = "/tinyx.yaml",
        };

        var json = Encoding.UTF8.GetString(AppConfig.Render(recipe));

        Assert.Equal(
            "{\n  \"command\": [\n    \"/app/jit-web\",\n    \"--quiet\"\n  ],\n  \"env\": {\n    \"DOTNET_gcServer\": \"0\",\n    \"Z\": \"1\"\n  },\n  \"noxs\": true\n}\n",
            json);
    }
}
