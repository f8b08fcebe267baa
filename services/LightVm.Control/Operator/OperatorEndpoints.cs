using LightVm.Contracts;
using LightVm.Control.Guests;
using LightVm.Policies;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LightVm.Control.Operator;

/// <summary>
/// The operator's commands over HTTP (what <c>lightvm guest</c> calls): each becomes a bus request to the
/// agents; the answer, or a one-line reason, comes back as JSON. A guest no agent answers for is a 404.
/// </summary>
internal static class OperatorEndpoints
{
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/guests", CreateAsync);
        api.MapPost("/guests/{id:guid}/pause", (Guid id, IRequestClient<PauseGuest> client, CancellationToken ct) =>
            AskAsync<PauseGuest, GuestPaused>(client, new PauseGuest { GuestId = id }, id, ct));
        api.MapPost("/guests/{id:guid}/resume", (Guid id, GuestReadModel model, IRequestClient<ResumeGuest> client, CancellationToken ct) =>
            AskAsync<ResumeGuest, GuestResumed>(client, new ResumeGuest { GuestId = id, Service = model.All.FirstOrDefault(g => g.Id == id)?.Service ?? string.Empty, RequestedAt = DateTimeOffset.UtcNow }, id, ct));
        api.MapDelete("/guests/{id:guid}", (Guid id, IRequestClient<DestroyGuest> client, CancellationToken ct) =>
            AskAsync<DestroyGuest, GuestDestroyed>(client, new DestroyGuest { GuestId = id, Reason = "destroyed by the operator" }, id, ct));
        api.MapPost("/guests/{id:guid}/save", (Guid id, IRequestClient<ListGuests> client, CancellationToken ct) => UnsupportedAsync(client, id, "save", ct));
        api.MapPost("/guests/{id:guid}/restore", (Guid id, IRequestClient<ListGuests> client, CancellationToken ct) => UnsupportedAsync(client, id, "restore", ct));
        api.MapGet("/hosts/guests", async (IRequestClient<ListGuests> client, CancellationToken ct) =>
            Results.Ok((await client.GetResponse<GuestList>(new ListGuests { RequestId = Guid.NewGuid() }, ct, CommandTimeout).ConfigureAwait(false)).Message));
        api.MapGet("/pools", async (IRequestClient<GetPools> client, CancellationToken ct) =>
            Results.Ok((await client.GetResponse<PoolsReport>(new GetPools(), ct, CommandTimeout).ConfigureAwait(false)).Message));
        api.MapPut("/pools/{service}", ResizeAsync);
    }

    private static async Task<IResult> CreateAsync(CreateGuestBody? body, PolicySet policies, IRequestClient<CreateGuest> client, CancellationToken ct)
    {
        if (body?.Service is not { Length: > 0 } service)
        {
            return Results.BadRequest(new { error = "give the service: {\"service\": \"hello\", \"paused\": false}" });
        }

        if (!policies.TryGet(service, out var policy))
        {
            return Results.NotFound(new { error = $"no service named '{service}' (services: {string.Join(", ", policies.All.Select(p => p.Name).Order(StringComparer.Ordinal))})" });
        }

        try
        {
            var response = await client.GetResponse<GuestReady, GuestCommandRefused>(
                new CreateGuest { RequestId = Guid.NewGuid(), Service = policy.Name, Paused = body.Paused }, ct, CreateTimeout).ConfigureAwait(false);
            return response.Is(out Response<GuestReady>? ready)
                ? Results.Created($"guests/{ready!.Message.GuestId}", ready.Message)
                : Results.Conflict(new { error = ((GuestCommandRefused)response.Message).Reason });
        }
        catch (RequestTimeoutException)
        {
            return Results.Json(new { error = $"no Dom0 agent answered within {CreateTimeout.TotalSeconds:0} s" }, statusCode: StatusCodes.Status504GatewayTimeout);
        }
    }

    private static async Task<IResult> ResizeAsync(string service, ResizePoolBody? body, PolicySet policies, IRequestClient<ResizePool> client, CancellationToken ct)
    {
        if (!policies.TryGet(service, out var policy))
        {
            return Results.NotFound(new { error = $"no service named '{service}'" });
        }

        if (body?.Target is not { } target || target is < 0 or > 1000)
        {
            return Results.BadRequest(new { error = "give the pool size: {\"target\": 0-1000}" });
        }

        var response = await client.GetResponse<PoolsReport>(new ResizePool { Service = policy.Name, Target = target }, ct, CommandTimeout).ConfigureAwait(false);
        return Results.Ok(response.Message);
    }

    private static async Task<IResult> AskAsync<T, TDone>(IRequestClient<T> client, T command, Guid id, CancellationToken ct)
        where T : class
        where TDone : class
    {
        try
        {
            var response = await client.GetResponse<TDone, GuestCommandRefused>(command, ct, CommandTimeout).ConfigureAwait(false);
            return response.Is(out Response<TDone>? done)
                ? Results.Ok(done!.Message)
                : Results.Conflict(new { error = ((GuestCommandRefused)response.Message).Reason });
        }
        catch (RequestTimeoutException)
        {
            return Results.NotFound(new { error = $"no agent hosts guest {id:N}" });
        }
    }

    private static async Task<IResult> UnsupportedAsync(IRequestClient<ListGuests> client, Guid id, string verb, CancellationToken ct)
    {
        var list = (await client.GetResponse<GuestList>(new ListGuests { RequestId = Guid.NewGuid() }, ct, CommandTimeout).ConfigureAwait(false)).Message;
        if (list.Guests.FirstOrDefault(g => g.Id == id) is not { } guest)
        {
            return Results.NotFound(new { error = $"no agent hosts guest {id:N}" });
        }

        return Results.Conflict(new { error = $"{verb}: driver '{guest.Driver}' cannot save or restore guests (capabilities: {string.Join(", ", guest.Capabilities)})" });
    }
}
