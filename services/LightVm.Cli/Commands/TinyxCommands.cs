using System.CommandLine;
using System.Globalization;
using LightVm.Tinyx;
using LightVm.Tinyx.Building;
using LightVm.Tinyx.Kernels;
using LightVm.Tinyx.Recipes;
using Microsoft.Extensions.Logging;

namespace LightVm.Cli.Commands;

/// <summary><c>lightvm tinyx</c>: build an image from a recipe, inspect an image, build (or trim) a kernel.</summary>
internal static class TinyxCommands
{
    public static Command Build()
    {
        var tinyx = new Command("tinyx", "Tinyx images: the smallest kernel + initramfs (or rootfs) that runs one application");
        tinyx.Subcommands.Add(BuildImage());
        tinyx.Subcommands.Add(Inspect());
        tinyx.Subcommands.Add(Kernel());
        return tinyx;
    }

    private static Command BuildImage()
    {
        var recipe = new Argument<string>("recipe") { Description = "Recipe folder (with tinyx.yaml), e.g. unikernels/daytime" };
        var output = new Option<string?>("--out", "-o") { Description = "Image folder (default artifacts/images/<name>)" };
        var platform = PlatformOption("Only this platform (default: the recipe's platforms)");
        var init = new Option<string?>("--init") { Description = "A built guest init binary for /init (default: publish src/LightVm.Guest.Init)" };
        var cached = new Option<bool>("--cached-kernels") { Description = "Fail instead of building a kernel that is not cached" };
        var noKernel = new Option<bool>("--no-kernel") { Description = "Write rootfs/ and initramfs.cpio.gz but copy no kernel" };
        var command = new Command("build", "Build an image folder from a recipe: rootfs/, initramfs.cpio.gz, kernel, manifest.json")
        {
            recipe, output, platform, init, cached, noKernel,
        };
        command.SetAction((r, token) => RunAsync(async logger =>
        {
            var loaded = RecipeLoader.Load(r.GetValue(recipe)!);
            var repository = RepositoryLayout.Find(loaded.Directory);
            var options = new BuildOptions
            {
                Output = r.GetValue(output) ?? repository.DefaultImageOutput(loaded.Name),
                Platform = r.GetValue(platform) is { } p ? TinyxPlatforms.Parse(p) : null,
                Init = r.GetValue(init),
                CachedKernelsOnly = r.GetValue(cached),
                SkipKernels = r.GetValue(noKernel),
            };
            var builder = new ImageBuilder(TinyxPaths.FromEnvironment(), repository, logger, TimeProvider.System);
            var manifest = await builder.BuildAsync(loaded, options, token).ConfigureAwait(false);
            Console.WriteLine(
                $"{manifest.Name}: {Path.GetFullPath(options.Output)} (rootfs {ImageInspector.Bytes(manifest.Sizes.Rootfs)}" +
                (manifest.Sizes.Initramfs > 0 ? $", initramfs {ImageInspector.Bytes(manifest.Sizes.Initramfs)}" : string.Empty) +
                string.Concat(manifest.Kernels.Select(k => $", {k.File} {ImageInspector.Bytes(k.Size)}")) + ")");
        }));
        return command;
    }

    private static Command Inspect()
    {
        var image = new Argument<string>("image") { Description = "Image folder (with manifest.json), e.g. artifacts/images/daytime" };
        var command = new Command("inspect", "Show what an image holds and why (which binary needed which library)") { image };
        command.SetAction((r, _) => RunAsync(_ =>
        {
            Console.Write(ImageInspector.Describe(r.GetValue(image)!));
            return Task.CompletedTask;
        }));
        return command;
    }

    private static Command Kernel()
    {
        var platform = new Argument<string>("platform") { Description = "qemu or uml" };
        var trim = new Option<bool>("--trim") { Description = "Run the trimming heuristic (one rebuild + boot test per option: hours; by hand only)" };
        var image = new Option<string?>("--image") { Description = "With --trim: the image folder whose initramfs.cpio.gz is boot-tested" };
        var ready = new Option<string>("--ready-line")
        {
            Description = "With --trim: the console line that means the boot test passed",
            DefaultValueFactory = _ => BootTester.DefaultReadyLine,
        };
        var timeout = new Option<int>("--boot-timeout") { Description = "With --trim: seconds to wait for the ready line", DefaultValueFactory = _ => 60 };
        var memory = new Option<int>("--memory") { Description = "With --trim: guest memory in MiB", DefaultValueFactory = _ => 64 };
        var command = new Command("kernel", "Build (or find in the cache) the Tinyx kernel of a platform; --trim shrinks its fragment")
        {
            platform, trim, image, ready, timeout, memory,
        };
        command.SetAction((r, token) => RunAsync(async logger =>
        {
            var which = TinyxPlatforms.Parse(r.GetValue(platform)!);
            if (!which.BootsKernel())
            {
                throw new TinyxException("oci images run on the host kernel; kernels are built for qemu and uml");
            }

            var repository = RepositoryLayout.Find();
            var paths = TinyxPaths.FromEnvironment();
            if (!r.GetValue(trim))
            {
                var kernel = await new KernelBuilder(paths, repository, logger, TimeProvider.System).EnsureAsync(which, token).ConfigureAwait(false);
                Console.WriteLine($"{kernel.ImagePath} ({ImageInspector.Bytes(kernel.Size)}, config sha256 {kernel.Config.Hash}{(kernel.FromCache ? ", cached" : ", built now")})");
                return;
            }

            var folder = r.GetValue(image) ?? throw new TinyxException("--trim needs --image <image folder> to boot-test (build one with lightvm tinyx build)");
            var result = await new KernelTrimmer(paths, repository, logger, TimeProvider.System).TrimAsync(
                which,
                Path.Combine(folder, "initramfs.cpio.gz"),
                r.GetValue(ready)!,
                TimeSpan.FromSeconds(r.GetValue(timeout)),
                r.GetValue(memory),
                token).ConfigureAwait(false);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"trim {which.Name()}: removed {result.Removed.Count} ({string.Join(", ", result.Removed)}), kept {result.Kept.Count}; kernel {result.SizeBefore} -> {result.SizeAfter} bytes; fragment {result.FragmentPath}"));
        }));
        return command;
    }

    private static Option<string?> PlatformOption(string description)
    {
        var option = new Option<string?>("--platform", "-p") { Description = description };
        option.AcceptOnlyFromAmong([.. TinyxPlatforms.Names]);
        return option;
    }

    private static async Task<int> RunAsync(Func<ILogger, Task> action)
    {
        using var factory = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        }).SetMinimumLevel(LogLevel.Information));
        var logger = factory.CreateLogger("tinyx");
        try
        {
            await action(logger).ConfigureAwait(false);
            return 0;
        }
        catch (RecipeValidationException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
        catch (TinyxException e)
        {
            factory.Dispose();
            await Console.Error.WriteLineAsync("tinyx: " + e.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
