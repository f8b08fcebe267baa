using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Cli.Commands;

/// <summary>
/// <c>lightvm guest</c>: a chaos-like CLI over the running platform's toolstack (through its control API):
/// create, list, pause, resume, save, restore, destroy, pool, and the lifecycle diagram.
/// </summary>
internal static class GuestCommands
{
    public static Command Build()
    {
        var guest = new Command("guest", "Create, list and drive guests of a running platform (through its control API)");
        var id = new Argument<string>("id") { Description = "Guest id (as printed by list/create)" };

        var service = new Argument<string>("service") { Description = "Service (policy) name" };
        var paused = new Option<bool>("--paused", "-p") { Description = "Leave the guest paused once ready" };
        var create = new Command("create", "Create a new guest of a service") { service, paused, Url() };
        create.SetAction((r, t) => RunAsync(r, async client =>
        {
            var g = await client.SendAsync(HttpMethod.Post, "api/guests", new { service = r.GetValue(service), paused = r.GetValue(paused) }, t).ConfigureAwait(false);
            Console.WriteLine($"{Id(g, "guestId")} {S(g, "service")} {S(g, "driver")} {S(g, "endpoint")}{(r.GetValue(paused) ? " (paused)" : string.Empty)}");
        }));

        var list = new Command("list", "List guests: id, service, driver, accelerator, state, address, memory") { Url() };
        list.SetAction((r, t) => RunAsync(r, async client =>
        {
            var answer = await client.SendAsync(HttpMethod.Get, "api/hosts/guests", null, t).ConfigureAwait(false);
            var rows = answer.GetProperty("guests").EnumerateArray()
                .Select(g => new[] { Id(g, "id"), S(g, "service"), S(g, "driver"), Accel(g), S(g, "state"), S(g, "address"), Memory(g.GetProperty("memoryKib").GetInt64()) })
                .ToList();
            Table(["ID", "SERVICE", "DRIVER", "ACCEL", "STATE", "ADDRESS", "MEMORY"], rows);
        }));

        guest.Subcommands.Add(create);
        guest.Subcommands.Add(list);
        guest.Subcommands.Add(Simple("pause", "Pause a running guest", HttpMethod.Post, "/pause", id));
        guest.Subcommands.Add(Simple("resume", "Resume a paused guest", HttpMethod.Post, "/resume", id));
        guest.Subcommands.Add(Simple("save", "Save a guest to disk (drivers with save/restore only)", HttpMethod.Post, "/save", id));
        guest.Subcommands.Add(Simple("restore", "Restore a saved guest (drivers with save/restore only)", HttpMethod.Post, "/restore", id));
        guest.Subcommands.Add(Simple("destroy", "Destroy a guest", HttpMethod.Delete, string.Empty, id));
        guest.Subcommands.Add(Pool());

        var diagram = new Command("diagram", "Print the guest lifecycle as a Mermaid state diagram");
        diagram.SetAction(_ => Console.WriteLine(GuestLifecycle.ToMermaid()));
        guest.Subcommands.Add(diagram);
        return guest;
    }

    private static Option<string> Url() => new("--url")
    {
        Description = "The control API (embedded: http://<gateway>/_lightvm; standalone control: http://host:8081)",
        DefaultValueFactory = _ => "http://127.0.0.1:8080/_lightvm",
    };

    private static Command Simple(string name, string description, HttpMethod method, string suffix, Argument<string> id)
    {
        var command = new Command(name, description) { id, Url() };
        command.SetAction((r, t) => RunAsync(r, async client =>
        {
            var guestId = ParseId(r.GetValue(id)!);
            await client.SendAsync(method, $"api/guests/{guestId}{suffix}", null, t).ConfigureAwait(false);
            Console.WriteLine($"{guestId:N} {name}{(name.EndsWith('e') ? "d" : "ed")}");
        }));
        return command;
    }

    private static Command Pool()
    {
        var service = new Option<string?>("--service") { Description = "Resize this service's pool" };
        var size = new Option<int?>("--size") { Description = "New pool size (0-1000)" };
        var command = new Command("pool", "Show the shell pools, or resize one (--service S --size N)") { service, size, Url() };
        command.SetAction((r, t) => RunAsync(r, async client =>
        {
            var s = r.GetValue(service);
            var n = r.GetValue(size);
            if ((s is null) != (n is null))
            {
                throw new CliException("give both --service and --size to resize a pool, or neither to show them");
            }

            var answer = s is null
                ? await client.SendAsync(HttpMethod.Get, "api/pools", null, t).ConfigureAwait(false)
                : await client.SendAsync(HttpMethod.Put, $"api/pools/{s}", new { target = n }, t).ConfigureAwait(false);
            var rows = answer.GetProperty("pools").EnumerateArray()
                .Select(p => new[] { S(p, "service"), N(p, "ready"), N(p, "target"), N(p, "coldCreates"), N(p, "failures"), N(p, "discarded"), S(p, "lastError") })
                .ToList();
            Table(["SERVICE", "READY", "TARGET", "COLD", "FAILURES", "DISCARDED", "LAST ERROR"], rows);
        }));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, Func<ControlClient, Task> action)
    {
        try
        {
            using var client = new ControlClient(new Uri(result.GetValue<string>("--url")!));
            await action(client).ConfigureAwait(false);
            return 0;
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync("lightvm guest: " + e.Message).ConfigureAwait(false);
            return 1;
        }
        catch (UriFormatException e)
        {
            await Console.Error.WriteLineAsync("lightvm guest: --url: " + e.Message).ConfigureAwait(false);
            return 2;
        }
    }

    private static Guid ParseId(string text) =>
        Guid.TryParse(text, out var id) ? id : throw new CliException($"'{text}' is not a guest id (32 hex digits, as `lightvm guest list` prints)");

    private static string S(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "-";

    private static string N(JsonElement e, string name) => e.GetProperty(name).GetInt64().ToString(CultureInfo.InvariantCulture);

    private static string Id(JsonElement e, string name) => Guid.Parse(e.GetProperty(name).GetString()!).ToString("N");

    private static string Accel(JsonElement g) =>
        g.TryGetProperty("accelerator", out var a) && a.GetString() is { Length: > 0 } name ? name : "-";

    private static string Memory(long kib) => kib == 0 ? "-" : $"{kib / 1024.0:0.0} MiB";

    private static void Table(string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        Console.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
        {
            Console.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }
}
