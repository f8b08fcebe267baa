using System.Security.Cryptography;
using LightVm.Tinyx.Apps;
using LightVm.Tinyx.Archives;
using LightVm.Tinyx.Debian;
using LightVm.Tinyx.Elf;
using LightVm.Tinyx.Images;
using LightVm.Tinyx.Kernels;
using LightVm.Tinyx.Recipes;
using Microsoft.Extensions.Logging;

namespace LightVm.Tinyx.Building;

/// <summary>
/// Builds an image folder from a recipe (docs/vm-guests.md): the app (NativeAOT publish, or a Debian package
/// installed over a cached minbase root), recipe files, dlopen'd libraries, the ELF dependency closure,
/// <c>rootfs/</c>, then for booting platforms <c>initramfs.cpio.gz</c> (rootfs + <c>/init</c> +
/// <c>/lightvm/app.json</c>) and the cached kernel, and <c>manifest.json</c>.
/// </summary>
public sealed class ImageBuilder(TinyxPaths paths, RepositoryLayout repository, ILogger logger, TimeProvider time)
{
    public const string DebianSuite = "bookworm";

    public const string InitBinaryName = "LightVm.Guest.Init";

    public async Task<ImageManifest> BuildAsync(TinyxRecipe recipe, BuildOptions options, CancellationToken cancellationToken)
    {
        var platforms = SelectPlatforms(recipe, options.Platform);
        var output = Path.GetFullPath(options.Output);
        var work = Directory.CreateTempSubdirectory($"lightvm-tinyx-{recipe.Name}-").FullName;
        Directory.CreateDirectory(output);
        try
        {
            var tree = new ImageTree();
            PackageOverlay? overlay = null;
            try
            {
                string sysrootPath;
                string app;
                if (recipe.App.IsProject)
                {
                    sysrootPath = "/";
                    app = $"project {Path.GetRelativePath(repository.Root, recipe.App.Project!)}";
                    var published = await new DotnetPublisher(logger, time).PublishAsync(recipe.App.Project!, Path.Combine(work, "app"), cancellationToken).ConfigureAwait(false);
                    foreach (var file in published)
                    {
                        tree.AddFile($"{recipe.App.Target.TrimEnd('/')}/{Path.GetFileName(file)}", file, $"published from {Path.GetFileName(recipe.App.Project)}");
                    }
                }
                else
                {
                    var baseRoot = await new DebootstrapBase(paths, logger, time).EnsureAsync(DebianSuite, cancellationToken).ConfigureAwait(false);
                    overlay = await PackageOverlay.OpenAsync(baseRoot, recipe.App.Package!, paths, logger, time, cancellationToken).ConfigureAwait(false);
                    sysrootPath = overlay.Root;
                    app = $"package {recipe.App.Package} binary {recipe.App.Binary}";
                }

                var sysroot = new SysrootResolver(sysrootPath, tree);
                if (!recipe.App.IsProject)
                {
                    await AddPackageAppAsync(recipe, sysroot, cancellationToken).ConfigureAwait(false);
                }

                AddRecipeFiles(recipe, tree);
                var closure = new DependencyClosure(sysroot, tree);
                foreach (var library in recipe.ExtraLibraries)
                {
                    closure.AddLibrary(library, "extraLibraries (loaded with dlopen)");
                }

                closure.Complete();
                CommandCheck.Check(recipe, tree, sysroot);
                AddMountPoints(tree);
                await ImagePackages.MapAsync(tree, sysrootPath, cancellationToken).ConfigureAwait(false);
                tree.AddParentDirectories();

                var rootfsEntries = tree.Count;
                var rootfsBytes = tree.TotalSize;
                RootfsWriter.Write(tree, Path.Combine(output, "rootfs"));
                var rootfsPaths = tree.Entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);

                var kernels = new List<ManifestKernel>();
                string? initramfsSha = null;
                long initramfsSize = 0;
                long initramfsRaw = 0;
                var initramfsPath = Path.Combine(output, "initramfs.cpio.gz");
                if (platforms.Any(p => p.BootsKernel()))
                {
                    var init = options.Init is not null ? Path.GetFullPath(options.Init) : await PublishInitAsync(work, cancellationToken).ConfigureAwait(false);
                    AddBootFiles(recipe, tree, init);
                    closure.Complete();
                    await ImagePackages.MapAsync(tree, sysrootPath, cancellationToken).ConfigureAwait(false);
                    tree.AddParentDirectories();
                    InitramfsWriter.Write(tree, initramfsPath);
                    initramfsSize = new FileInfo(initramfsPath).Length;
                    initramfsSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(initramfsPath)));
                    using (var counter = new CountingStream())
                    {
                        CpioNewcWriter.Write(tree, counter);
                        initramfsRaw = counter.Length;
                    }

                    var builder = new KernelBuilder(paths, repository, logger, time);
                    foreach (var platform in platforms.Where(p => p.BootsKernel() && !options.SkipKernels))
                    {
                        kernels.Add(await CopyKernelAsync(builder, platform, options, output, cancellationToken).ConfigureAwait(false));
                    }
                }
                else if (File.Exists(initramfsPath))
                {
                    File.Delete(initramfsPath);
                }

                var manifest = new ImageManifest
                {
                    Name = recipe.Name,
                    Platforms = platforms.Select(p => p.Name()).ToList(),
                    Command = recipe.Command,
                    Env = new SortedDictionary<string, string>(recipe.Env.ToDictionary(), StringComparer.Ordinal),
                    Noxs = recipe.Noxs,
                    App = app,
                    Sysroot = recipe.App.IsProject ? "/" : $"debootstrap --variant=minbase {DebianSuite} + {recipe.App.Package}",
                    BuiltAt = time.GetUtcNow(),
                    Sizes = new ManifestSizes
                    {
                        Rootfs = rootfsBytes,
                        RootfsEntries = rootfsEntries,
                        Initramfs = initramfsSize,
                        InitramfsUncompressed = initramfsRaw,
                        Kernels = kernels.ToDictionary(k => k.Platform, k => k.Size),
                    },
                    Packages = ImagePackages.List(tree),
                    Kernels = kernels,
                    InitramfsSha256 = initramfsSha,
                    Files = tree.Entries.Select(e => ManifestFile.From(e, !rootfsPaths.Contains(e.Path))).ToList(),
                };
                await File.WriteAllTextAsync(Path.Combine(output, ManifestJson.FileName), ManifestJson.Serialize(manifest), cancellationToken).ConfigureAwait(false);
                logger.ImageWritten(recipe.Name, tree.Count, tree.TotalSize, output);
                return manifest;
            }
            finally
            {
                if (overlay is not null)
                {
                    await overlay.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    internal static List<TinyxPlatform> SelectPlatforms(TinyxRecipe recipe, TinyxPlatform? only)
    {
        if (only is not { } platform)
        {
            return [.. recipe.Platforms];
        }

        return recipe.Platforms.Contains(platform)
            ? [platform]
            : throw new TinyxException($"{recipe.Name} does not list platform {platform.Name()} (its platforms: {string.Join(", ", recipe.Platforms.Select(p => p.Name()))}); add it to {recipe.SourceFile}");
    }

    /// <summary>The package's binary, then every file of the package that ships it, minus what <see cref="StripRules"/> removes.</summary>
    private static async Task AddPackageAppAsync(TinyxRecipe recipe, SysrootResolver sysroot, CancellationToken cancellationToken)
    {
        var binary = recipe.App.Binary!;
        var resolved = sysroot.Resolve(binary) ?? throw new TinyxException($"{binary} is not in {recipe.App.Package} or its dependencies (looked in {sysroot.Root})");
        sysroot.Add(binary, $"app binary ({recipe.App.Package})");
        var dpkg = new DpkgDatabase(sysroot.Root);
        var owners = await dpkg.OwnersAsync([binary, resolved], cancellationToken).ConfigureAwait(false);
        var owner = owners.GetValueOrDefault(binary) ?? owners.GetValueOrDefault(resolved)
            ?? throw new TinyxException($"no installed package ships {binary} in the package root");
        foreach (var file in await dpkg.FilesOfAsync(owner, cancellationToken).ConfigureAwait(false))
        {
            if (!StripRules.IsStripped(file) && sysroot.Exists(file))
            {
                sysroot.Add(file, $"file of {owner} (ships {binary})");
            }
        }
    }

    private static void AddRecipeFiles(TinyxRecipe recipe, ImageTree tree)
    {
        foreach (var file in recipe.Files)
        {
            var why = $"recipe file {Path.GetRelativePath(recipe.Directory, file.From)}";
            if (File.Exists(file.From))
            {
                tree.AddFile(file.To, file.From, why);
            }
            else
            {
                tree.AddHostDirectory(file.To, file.From, why);
            }
        }
    }

    private async Task<string> PublishInitAsync(string work, CancellationToken cancellationToken)
    {
        var project = repository.GuestInitProject;
        if (!File.Exists(project))
        {
            throw new TinyxException(
                $"the guest init project {Path.GetRelativePath(repository.Root, project)} is not in this checkout; the qemu and uml images need it as /init " +
                "(it comes with src/LightVm.Guest.Init: merge main), or pass --init <path of a built LightVm.Guest.Init>, or build --platform oci");
        }

        var files = await new DotnetPublisher(logger, time).PublishAsync(project, Path.Combine(work, "init"), cancellationToken).ConfigureAwait(false);
        return files.FirstOrDefault(f => Path.GetFileName(f) == InitBinaryName)
            ?? throw new TinyxException($"publishing {project} produced no {InitBinaryName} binary");
    }

    /// <summary>Empty directories the guest init (or the container runtime) mounts over; /tmp is sticky and world-writable.</summary>
    internal static void AddMountPoints(ImageTree tree)
    {
        foreach (var mountPoint in new[] { "/dev", "/proc", "/sys", "/run" })
        {
            tree.AddDirectory(mountPoint, "mount point");
        }

        tree.AddDirectory("/tmp", "mount point (tmpfs)", 0b1_111_111_111);
    }

    internal static void AddBootFiles(TinyxRecipe recipe, ImageTree tree, string init)
    {
        if (!File.Exists(init))
        {
            throw new TinyxException($"the guest init {init} does not exist");
        }

        tree.AddFile("/init", init, "guest init (src/LightVm.Guest.Init): mounts, device page, NIC, starts the app");
        tree.AddContent(AppConfig.ImagePath, AppConfig.Render(recipe), executable: false, "the guest init's app config (docs/vm-guests.md)");
        tree.AddCharDevice("/dev/console", 5, 1, 0b110_000_000, "the kernel opens it for init's stdin/stdout/stderr");
        tree.AddCharDevice("/dev/null", 1, 3, 0b110_110_110, "/dev/null before devtmpfs is mounted");
    }

    private static async Task<ManifestKernel> CopyKernelAsync(KernelBuilder builder, TinyxPlatform platform, BuildOptions options, string output, CancellationToken cancellationToken)
    {
        KernelArtifact kernel;
        if (options.CachedKernelsOnly)
        {
            kernel = await builder.FindCachedAsync(platform, cancellationToken).ConfigureAwait(false)
                ?? throw new TinyxException($"the {platform.Name()} kernel for the current ops/kernel fragments is not cached; build it with lightvm tinyx kernel {platform.Name()} (about 4-7 min on 2 cores)");
        }
        else
        {
            kernel = await builder.EnsureAsync(platform, cancellationToken).ConfigureAwait(false);
        }

        var target = Path.Combine(output, kernel.Config.Target.FileName);
        File.Copy(kernel.ImagePath, target, overwrite: true);
        return new ManifestKernel
        {
            Platform = platform.Name(),
            File = kernel.Config.Target.FileName,
            Size = kernel.Size,
            ConfigHash = kernel.Config.Hash,
            SourceVersion = kernel.Config.SourceVersion,
            CacheDirectory = kernel.Directory,
        };
    }
}
