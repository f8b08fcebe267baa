namespace LightVm.Policies.Tests;

public sealed class PolicyLoaderTests : IDisposable
{
    private const string ImageReference = "../images/hello-guest";

    private readonly string _root;
    private readonly string _policies;
    private readonly string _image;

    public PolicyLoaderTests()
    {
        _root = Path.Combine(Path.GetTempPath(), "policy-tests-" + Guid.NewGuid().ToString("N"));
        _policies = Path.Combine(_root, "policies");
        Directory.CreateDirectory(_policies);
        Directory.CreateDirectory(Path.Combine(_root, "images"));
        _image = Path.Combine(_root, "images", "hello-guest");
        File.WriteAllBytes(_image, []);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void LoadDirectory_MinimalPolicy_AppliesDefaults()
    {
        var file = Write("hello.yaml", $"""
            name: hello
            image: {ImageReference}
            """);

        var policy = Assert.Single(PolicyLoader.LoadDirectory(_policies).All);

        Assert.Equal("hello", policy.Name);
        Assert.Equal(_image, policy.Image);
        Assert.Empty(policy.Args);
        Assert.Equal("process", policy.Driver);
        Assert.Equal(8080, policy.Port);
        Assert.Equal(1, policy.Pool);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.PauseAfter);
        Assert.Equal(TimeSpan.FromMinutes(5), policy.DestroyAfter);
        Assert.Equal(TimeSpan.FromSeconds(10), policy.StartTimeout);
        Assert.Equal(100, policy.MaxHeld);
        Assert.Equal(file, policy.SourceFile);
    }

    [Fact]
    public void LoadDirectory_AllFieldsGiven_LoadsEveryField()
    {
        Write("hello.yaml", $"""
            # a comment
            name: hello-api
            image: {ImageReference}
            args: ["--listen", "0.0.0.0"]
            driver: process
            port: 9000
            pool: 3
            pauseAfter: 1500ms
            destroyAfter: 1h
            startTimeout: 2m
            maxHeld: 250
            """);

        var policy = PolicyLoader.LoadDirectory(_policies).Get("hello-api");

        Assert.Equal("hello-api", policy.Name);
        Assert.Equal(_image, policy.Image);
        Assert.Equal(["--listen", "0.0.0.0"], policy.Args);
        Assert.Equal("process", policy.Driver);
        Assert.Equal(9000, policy.Port);
        Assert.Equal(3, policy.Pool);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), policy.PauseAfter);
        Assert.Equal(TimeSpan.FromHours(1), policy.DestroyAfter);
        Assert.Equal(TimeSpan.FromMinutes(2), policy.StartTimeout);
        Assert.Equal(250, policy.MaxHeld);
    }

    [Fact]
    public void LoadDirectory_BlockStyleArgs_LoadsList()
    {
        Write("hello.yaml", $"""
            name: hello
            image: {ImageReference}
            args:
              - --verbose
              - "two words"
            """);

        var policy = PolicyLoader.LoadDirectory(_policies).Get("hello");

        Assert.Equal(["--verbose", "two words"], policy.Args);
    }

    [Fact]
    public void LoadDirectory_SeveralFilesIncludingYml_LoadsAllAndIgnoresOtherFiles()
    {
        Write("a.yaml", Valid("alpha"));
        Write("b.yml", Valid("beta"));
        Write("README.md", "not a policy: [");

        var set = PolicyLoader.LoadDirectory(_policies);

        Assert.Equal(["alpha", "beta"], set.All.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LoadDirectory_RelativeImage_ResolvesAgainstPolicyDirectoryNotWorkingDirectory()
    {
        Assert.NotEqual(Path.GetFullPath(_policies), Path.GetFullPath(Environment.CurrentDirectory));
        Write("hello.yaml", Valid("hello"));

        var policy = PolicyLoader.LoadDirectory(_policies).Get("hello");

        Assert.True(Path.IsPathFullyQualified(policy.Image));
        Assert.Equal(_image, policy.Image);
    }

    [Fact]
    public void LoadDirectory_ImageBesidePolicy_ResolvesToThatFile()
    {
        var beside = Path.Combine(_policies, "guest.bin");
        File.WriteAllBytes(beside, []);
        Write("hello.yaml", """
            name: hello
            image: guest.bin
            """);

        Assert.Equal(beside, PolicyLoader.LoadDirectory(_policies).Get("hello").Image);
    }

    [Fact]
    public void LoadDirectory_AbsoluteImage_IsKept()
    {
        Write("hello.yaml", $"""
            name: hello
            image: {_image}
            """);

        Assert.Equal(_image, PolicyLoader.LoadDirectory(_policies).Get("hello").Image);
    }

    [Fact]
    public void LoadDirectory_UnknownField_ReportsFieldLineAndAllowedFields()
    {
        var file = Write("hello.yaml", $"""
            name: hello
            image: {ImageReference}
            colour: blue
            """);

        var e = LoadFails();

        var error = AssertSingleError(e, file, "colour", "unknown field; allowed: name, image, args, driver, port, pool, pauseAfter, destroyAfter, startTimeout, maxHeld, configChannel, network");
        Assert.Equal(3, error.Line);
        Assert.Contains("hello.yaml:3: colour:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_MissingName_ReportsRequired()
    {
        var file = Write("hello.yaml", $"image: {ImageReference}");

        AssertSingleError(LoadFails(), file, "name", "is required");
    }

    [Theory]
    [InlineData("Hello")]
    [InlineData("hello_world")]
    [InlineData("-hello")]
    [InlineData("hello-")]
    [InlineData("hello.world")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 64 characters: one too many
    public void LoadDirectory_BadName_ReportsAllowedNames(string name)
    {
        var file = Write("hello.yaml", Valid(name));

        var error = AssertSingleError(LoadFails(), file, "name", $"'{name}' is not allowed: use 1-63 lower-case letters, digits and '-'");
        Assert.Equal(1, error.Line);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("a-1")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 63 characters: the longest allowed
    public void LoadDirectory_GoodName_Loads(string name)
    {
        Write("hello.yaml", Valid(name));

        Assert.Equal(name, Assert.Single(PolicyLoader.LoadDirectory(_policies).All).Name);
    }

    [Fact]
    public void LoadDirectory_MissingImage_ReportsRequired()
    {
        var file = Write("hello.yaml", "name: hello");

        AssertSingleError(LoadFails(), file, "image", "is required");
    }

    [Fact]
    public void LoadDirectory_ImageDoesNotExist_ReportsResolvedPath()
    {
        var file = Write("hello.yaml", """
            name: hello
            image: ../images/missing-guest
            """);

        var error = AssertSingleError(LoadFails(), file, "image", "'../images/missing-guest' does not exist");
        Assert.Contains(Path.Combine(_root, "images", "missing-guest"), error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void LoadDirectory_ImageIsATinyxImageFolder_ResolvesItRelativeToThePolicy()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "images", "nginx")).FullName;
        Write("nginx.yaml", "name: nginx\nimage: ../images/nginx\ndriver: qemu\nport: 80");

        var policy = Assert.Single(PolicyLoader.LoadDirectory(_policies).All);

        Assert.Equal(folder, policy.Image);
        Assert.Equal("qemu", policy.Driver);
    }

    [Fact]
    public void LoadDirectory_UnknownDriver_ListsAllowedDrivers()
    {
        var file = Write("hello.yaml", Valid("hello") + "\ndriver: firecracker");

        AssertSingleError(LoadFails(), file, "driver", "'firecracker' is not available; allowed: process, oci, oci-start, uml, qemu");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("-1")]
    [InlineData("http")]
    [InlineData("80.5")]
    public void LoadDirectory_BadPort_ReportsRange(string port)
    {
        var file = Write("hello.yaml", Valid("hello") + $"\nport: {port}");

        AssertSingleError(LoadFails(), file, "port", $"'{port}' is not allowed: an integer from 1 to 65535");
    }

    [Theory]
    [InlineData("1")]
    [InlineData("65535")]
    public void LoadDirectory_PortAtBounds_Loads(string port)
    {
        Write("hello.yaml", Valid("hello") + $"\nport: {port}");

        Assert.Equal(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), PolicyLoader.LoadDirectory(_policies).Get("hello").Port);
    }

    [Fact]
    public void LoadDirectory_NegativePool_ReportsRange()
    {
        var file = Write("hello.yaml", Valid("hello") + "\npool: -1");

        AssertSingleError(LoadFails(), file, "pool", "'-1' is not allowed: an integer from 0 to 1000");
    }

    [Fact]
    public void LoadDirectory_ZeroPool_Loads()
    {
        Write("hello.yaml", Valid("hello") + "\npool: 0");

        Assert.Equal(0, PolicyLoader.LoadDirectory(_policies).Get("hello").Pool);
    }

    [Fact]
    public void LoadDirectory_ZeroMaxHeld_ReportsRange()
    {
        var file = Write("hello.yaml", Valid("hello") + "\nmaxHeld: 0");

        AssertSingleError(LoadFails(), file, "maxHeld", "'0' is not allowed: an integer from 1 to 100000");
    }

    [Theory]
    [InlineData("pauseAfter", "abc", "from 100ms to 24h")]
    [InlineData("pauseAfter", "2d", "from 100ms to 24h")]
    [InlineData("pauseAfter", "25h", "from 100ms to 24h")]
    [InlineData("destroyAfter", "abc", "from 100ms to 168h")]
    [InlineData("startTimeout", "abc", "from 100ms to 5m")]
    [InlineData("startTimeout", "50ms", "from 100ms to 5m")]
    [InlineData("startTimeout", "6m", "from 100ms to 5m")]
    public void LoadDirectory_BadDuration_ReportsFormatAndRange(string field, string value, string range)
    {
        var file = Write("hello.yaml", Valid("hello") + $"\n{field}: {value}");

        var error = AssertSingleError(LoadFails(), file, field, $"'{value}' is not allowed: a duration such as 500ms, 30s, 5m or 1h, {range}");
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void LoadDirectory_DurationBeyondTimeSpan_ReportsErrorInsteadOfCrashing()
    {
        var file = Write("hello.yaml", Valid("hello") + "\npauseAfter: 1e12");

        AssertSingleError(LoadFails(), file, "pauseAfter", "'1e12' is not allowed");
    }

    [Fact]
    public void LoadDirectory_DestroyAfterShorterThanPauseAfter_ReportsBoth()
    {
        var file = Write("hello.yaml", Valid("hello") + "\npauseAfter: 10m\ndestroyAfter: 1m");

        AssertSingleError(LoadFails(), file, "destroyAfter", "1m is shorter than pauseAfter (10m); it must be at least as long");
    }

    [Fact]
    public void LoadDirectory_DestroyAfterEqualToPauseAfter_Loads()
    {
        Write("hello.yaml", Valid("hello") + "\npauseAfter: 2m\ndestroyAfter: 120s");

        var policy = PolicyLoader.LoadDirectory(_policies).Get("hello");

        Assert.Equal(policy.PauseAfter, policy.DestroyAfter);
    }

    [Fact]
    public void LoadDirectory_ArgsNotAList_ReportsExpectedShape()
    {
        var file = Write("hello.yaml", Valid("hello") + "\nargs: --verbose");

        AssertSingleError(LoadFails(), file, "args", "must be a list of strings");
    }

    [Fact]
    public void LoadDirectory_YamlSyntaxError_ReportsLine()
    {
        var file = Write("hello.yaml", $"""
            name: hello
            image: {ImageReference}
            port: [8080
            pool: 1
            """);

        var e = LoadFails();

        // The scanner notices the unclosed '[' on the line after it (YamlDotNet throws a bare
        // InvalidOperationException here, which the loader turns into a syntax error).
        var error = Assert.Single(e.Errors);
        Assert.Equal(file, error.File);
        Assert.Equal("(syntax)", error.Field);
        Assert.Equal(4, error.Line);
        Assert.Contains("hello.yaml:4: (syntax): the YAML cannot be parsed here", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_UnclosedQuote_ReportsSyntaxErrorWithLine()
    {
        var file = Write("hello.yaml", """
            name: 'hello
            port: 1
            """);

        var e = LoadFails();

        var error = Assert.Single(e.Errors);
        Assert.Equal(file, error.File);
        Assert.Equal("(syntax)", error.Field);
        Assert.Equal(1, error.Line);
        Assert.Contains("hello.yaml:1: (syntax): While scanning a quoted scalar", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_BadIndentation_ReportsLineOfProblem()
    {
        var file = Write("hello.yaml", $"""
            name: hello
            image: {ImageReference}
              port: 8080
            """);

        var error = Assert.Single(LoadFails().Errors);

        Assert.Equal(file, error.File);
        Assert.Equal("(syntax)", error.Field);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void LoadDirectory_DuplicateKey_ReportsSyntaxError()
    {
        var file = Write("hello.yaml", Valid("hello") + "\nport: 1\nport: 2");

        var error = Assert.Single(LoadFails().Errors);

        Assert.Equal(file, error.File);
        Assert.Equal("(syntax)", error.Field);
        Assert.Equal(4, error.Line);
        Assert.Contains("Duplicate key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_NonScalarKey_ReportsUnknownFieldInsteadOfCrashing()
    {
        var file = Write("hello.yaml", Valid("hello") + "\n[a, b]: c");

        var error = Assert.Single(LoadFails().Errors);

        Assert.Equal(file, error.File);
        Assert.Contains("unknown field; allowed: name, image", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment")]
    [InlineData("- a\n- b")]
    [InlineData("just a string")]
    public void LoadDirectory_NotAMapping_ReportsExpectedDocument(string yaml)
    {
        var file = Write("hello.yaml", yaml);

        AssertSingleError(LoadFails(), file, "(document)", "expected a YAML mapping of policy fields: name, image");
    }

    [Fact]
    public void LoadDirectory_DuplicateNamesAcrossFiles_NamesBothFiles()
    {
        Write("a.yaml", Valid("hello"));
        var second = Write("b.yaml", Valid("Hello").Replace("Hello", "hello", StringComparison.Ordinal));

        var e = LoadFails();

        var error = AssertSingleError(e, second, "name", "service 'hello' is defined more than once (a.yaml, b.yaml); names must be unique");
        Assert.Equal("name", error.Field);
    }

    [Fact]
    public void LoadDirectory_EmptyDirectory_ReportsNoPolicyFiles()
    {
        var e = LoadFails();

        var error = Assert.Single(e.Errors);
        Assert.Equal(_policies, error.File);
        Assert.Equal("(directory)", error.Field);
        Assert.Contains(_policies, e.Message, StringComparison.Ordinal);
        Assert.Contains("no *.yaml policy files found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_OnlyNonYamlFiles_ReportsNoPolicyFiles()
    {
        Write("hello.txt", Valid("hello"));

        var error = Assert.Single(LoadFails().Errors);

        Assert.Equal("(directory)", error.Field);
        Assert.Contains("no *.yaml policy files found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_MissingDirectory_ReportsItDoesNotExist()
    {
        var missing = Path.Combine(_root, "nowhere");

        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.LoadDirectory(missing));

        var error = Assert.Single(e.Errors);
        Assert.Equal(missing, error.File);
        Assert.Equal("(directory)", error.Field);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_SeveralErrorsInOneFile_ReportsThemAllTogether()
    {
        var file = Write("hello.yaml", """
            name: Hello
            image: ../images/missing-guest
            driver: kvm
            port: 0
            pool: -1
            pauseAfter: abc
            colour: blue
            """);

        var e = LoadFails();

        Assert.Equal(7, e.Errors.Count);
        Assert.All(e.Errors, error => Assert.Equal(file, error.File));
        Assert.Equal(
            ["colour", "driver", "image", "name", "pauseAfter", "pool", "port"],
            e.Errors.Select(error => error.Field).Order(StringComparer.Ordinal));
        Assert.StartsWith("Invalid policies (7 errors):", e.Message, StringComparison.Ordinal);
        Assert.Contains("hello.yaml:1: name: 'Hello' is not allowed", e.Message, StringComparison.Ordinal);
        Assert.Contains("hello.yaml:3: driver: 'kvm' is not available; allowed: process, oci, oci-start, uml, qemu", e.Message, StringComparison.Ordinal);
        Assert.Contains("hello.yaml:4: port: '0' is not allowed: an integer from 1 to 65535", e.Message, StringComparison.Ordinal);
        Assert.Contains("hello.yaml:5: pool: '-1' is not allowed: an integer from 0 to 1000", e.Message, StringComparison.Ordinal);
        Assert.Contains("hello.yaml:6: pauseAfter: 'abc' is not allowed", e.Message, StringComparison.Ordinal);
        Assert.Contains("hello.yaml:7: colour: unknown field", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_ErrorsInSeveralFiles_ReportsEveryFileAndLoadsNothing()
    {
        Write("a.yaml", Valid("alpha") + "\nport: 0");
        Write("b.yaml", Valid("beta"));
        Write("c.yaml", "name: gamma");

        var e = LoadFails();

        Assert.Equal(2, e.Errors.Count);
        Assert.Contains("a.yaml", e.Message, StringComparison.Ordinal);
        Assert.Contains("c.yaml", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("b.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidPolicy_ReturnsNullAndAppendsErrors()
    {
        var errors = new List<PolicyError> { new("earlier.yaml", "name", "kept") };

        var policy = PolicyLoader.Parse("name: hello\nport: 0", Path.Combine(_policies, "hello.yaml"), errors);

        Assert.Null(policy);
        Assert.Equal(3, errors.Count);
        Assert.Equal("kept", errors[0].Message);
    }

    [Fact]
    public void Parse_ValidPolicy_ReturnsPolicyWithoutErrors()
    {
        var errors = new List<PolicyError>();

        var policy = PolicyLoader.Parse(Valid("hello"), Path.Combine(_policies, "hello.yaml"), errors);

        Assert.NotNull(policy);
        Assert.Empty(errors);
        Assert.Equal(_image, policy.Image);
    }

    [Fact]
    public void LoadDirectory_ConfigChannelStore_IsLoaded()
    {
        var policy = LoadSingle("configChannel: store\n");

        Assert.Equal("store", policy.ConfigChannel);
    }

    [Fact]
    public void LoadDirectory_ConfigChannelDefault_IsPage()
    {
        Assert.Equal("page", LoadSingle(string.Empty).ConfigChannel);
    }

    [Fact]
    public void LoadDirectory_ConfigChannelUnknown_ReportsAllowedValues()
    {
        var e = Assert.Throws<PolicyValidationException>(() => LoadSingle("configChannel: xenstore\n"));

        Assert.Contains("configChannel: 'xenstore' is not allowed: page (the device page) or store (the metadata service)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_NetworkShared_IsLoadedAndDefaultIsIsolated()
    {
        Assert.Equal("isolated", LoadSingle(string.Empty).Network);
        Assert.Equal("shared", LoadSingle("network: shared\n").Network);
    }

    [Fact]
    public void LoadDirectory_NetworkUnknown_ReportsAllowedValues()
    {
        var e = Assert.Throws<PolicyValidationException>(() => LoadSingle("network: open\n"));

        Assert.Contains("network: 'open' is not allowed: isolated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_InstancePer_DefaultIsServiceAndHostIsLoaded()
    {
        Assert.Equal(InstancePer.Service, LoadSingle(string.Empty).InstancePer);
        Assert.Equal(InstancePer.Host, LoadSingle("instancePer: host\n").InstancePer);
    }

    [Fact]
    public void LoadDirectory_InstancePerUnknown_ReportsAllowedValues()
    {
        var e = Assert.Throws<PolicyValidationException>(() => LoadSingle("instancePer: request\n"));

        Assert.Contains("instancePer: 'request' is not allowed: service", e.Message, StringComparison.Ordinal);
    }

    private static string Valid(string name) => $"name: {name}\nimage: {ImageReference}";

    private static PolicyError AssertSingleError(PolicyValidationException e, string file, string field, string expected)
    {
        var error = Assert.Single(e.Errors);
        Assert.Equal(file, error.File);
        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);

        Assert.Contains(Path.GetFileName(file), e.Message, StringComparison.Ordinal);
        Assert.Contains($": {field}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        return error;
    }

    private string Write(string fileName, string yaml)
    {
        var path = Path.Combine(_policies, fileName);
        File.WriteAllText(path, yaml);
        return path;
    }

    private PolicyValidationException LoadFails() =>
        Assert.Throws<PolicyValidationException>(() => PolicyLoader.LoadDirectory(_policies));

    private ServicePolicy LoadSingle(string extraYaml)
    {
        Write("hello.yaml", Valid("hello") + "\n" + extraYaml);
        return Assert.Single(PolicyLoader.LoadDirectory(_policies).All);
    }
}
