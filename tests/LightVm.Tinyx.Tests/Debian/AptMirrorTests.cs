using LightVm.Tinyx.Debian;

namespace LightVm.Tinyx.Tests.Debian;

public sealed class AptMirrorTests
{
    [Fact]
    public void FromDeb822_PicksTheStanzaOfTheSuite()
    {
        const string text = """
            Types: deb
            URIs: http://deb.debian.org/debian-security
            Suites: bookworm-security
            Components: main

            Types: deb
            # a comment
            URIs: http://deb.debian.org/debian
            Suites: bookworm bookworm-updates
            Components: main
            """;

        Assert.Equal("http://deb.debian.org/debian", AptMirror.FromDeb822(text, "bookworm"));
        Assert.Null(AptMirror.FromDeb822(text, "trixie"));
    }

    [Fact]
    public void FromOneLine_SkipsOptionsAndOtherSuites()
    {
        const string text = "deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main\n# deb http://old/ bookworm main\ndeb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm main\n";

        Assert.Equal("http://mirror.example/debian", AptMirror.FromOneLine(text, "bookworm"));
    }
}
