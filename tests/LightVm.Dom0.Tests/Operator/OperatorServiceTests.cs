using LightVm.Contracts;
using LightVm.Testing;
using LightVm.Toolstack;
using LightVm.Toolstack.Lifecycle;

namespace LightVm.Dom0.Tests.Operator;

public sealed class OperatorServiceTests : IAsyncLifetime
{
    private readonly AgentFixture _host = new(TestPolicies.Make());

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task CreateNewAsync_GuestRunsAlready_MakesASecondGuestAndAnswersItsReady()
    {
        var first = await _host.RunningGuestAsync();

        var answer = await _host.Operators.CreateNewAsync(Create(), CancellationToken.None);

        Assert.NotNull(answer.Done);
        Assert.Null(answer.Refused);
        Assert.NotEqual(first.Id, answer.Done.GuestId);
        Assert.Equal(2, _host.Registry.Count);
        Assert.Equal(GuestState.Running, Assert.Single(_host.Registry.All, g => g.Id == answer.Done.GuestId).State);
    }

    [Fact]
    public async Task CreateNewAsync_Paused_AnswersReadyWithTheGuestPaused()
    {
        var answer = await _host.Operators.CreateNewAsync(Create() with { Paused = true }, CancellationToken.None);

        Assert.NotNull(answer.Done);
        Assert.True(_host.Registry.TryGet(answer.Done.GuestId, out var guest));
        Assert.Equal(GuestState.Paused, guest.State);
        Assert.Single(_host.Events.OfType<GuestPaused>());
    }

    [Fact]
    public async Task CreateNewAsync_UnknownService_RefusedNamingIt()
    {
        var answer = await _host.Operators.CreateNewAsync(Create("nosuch"), CancellationToken.None);

        Assert.Null(answer.Done);
        Assert.Contains("'nosuch'", answer.Refused!.Reason, StringComparison.Ordinal);
        Assert.Empty(_host.Driver.Calls);
    }

    [Fact]
    public async Task CreateNewAsync_ExecuteFails_RefusedWithTheFailure()
    {
        _host.Driver.FailExecute = true;

        var answer = await _host.Operators.CreateNewAsync(Create(), CancellationToken.None);

        Assert.Null(answer.Done);
        Assert.Contains("did not start", answer.Refused!.Reason, StringComparison.Ordinal);
        Assert.Contains("Fake execute", answer.Refused.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _host.Registry.Count);
    }

    [Fact]
    public async Task PauseNowAsync_RunningGuest_PausesAndPublishesPaused()
    {
        var guest = await _host.RunningGuestAsync();

        var answer = await _host.Operators.PauseNowAsync(guest.Id, CancellationToken.None);

        Assert.Equal(guest.Id, answer.Done!.GuestId);
        Assert.Equal(GuestState.Paused, guest.State);
        Assert.Equal(answer.Done, Assert.Single(_host.Events.OfType<GuestPaused>()));
    }

    [Fact]
    public async Task PauseNowAsync_DriverCannotPause_RefusedNamingTheDriver()
    {
        await using var host = new AgentFixture(DriverCapabilities.None, TestPolicies.Make());
        var guest = await host.RunningGuestAsync();

        var answer = await host.Operators.PauseNowAsync(guest.Id, CancellationToken.None);

        Assert.Null(answer.Done);
        Assert.Contains(TestPolicies.FakeDriver, answer.Refused!.Reason, StringComparison.Ordinal);
        Assert.Equal(GuestState.Running, guest.State);
    }

    [Fact]
    public async Task PauseNowAsync_GuestOfAnotherAgent_NotMine()
    {
        var answer = await _host.Operators.PauseNowAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.False(answer.IsMine);
        Assert.Empty(_host.Events.Published);
    }

    [Fact]
    public async Task DestroyNowAsync_RunningGuest_DestroysPublishesAndAnswers()
    {
        var guest = await _host.RunningGuestAsync();

        var answer = await _host.Operators.DestroyNowAsync(guest.Id, "operator", CancellationToken.None);

        Assert.Equal("operator", answer.Done!.Reason);
        Assert.Equal(GuestState.Destroyed, guest.State);
        Assert.Equal(guest.Id, Assert.Single(_host.Events.OfType<GuestDestroyed>()).GuestId);
        Assert.Equal(0, _host.Registry.Count);
    }

    [Fact]
    public async Task DestroyNowAsync_DestroyedHereBefore_RefusedSayingWhy()
    {
        var guest = await _host.RunningGuestAsync();
        await _host.Operators.DestroyNowAsync(guest.Id, "first", CancellationToken.None);

        var answer = await _host.Operators.DestroyNowAsync(guest.Id, "second", CancellationToken.None);

        Assert.Null(answer.Done);
        Assert.Contains("already destroyed (first)", answer.Refused!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListGuests_OneGuest_DetailsItWithDriverCapabilities()
    {
        var guest = await _host.RunningGuestAsync();

        var list = _host.Operators.ListGuests();

        Assert.Equal("test-agent", list.AgentId);
        var detail = Assert.Single(list.Guests);
        Assert.Equal(guest.Id, detail.Id);
        Assert.Equal("Running", detail.State);
        Assert.Equal(guest.Shell.Endpoint.ToString(), detail.Address);
        Assert.Equal(["pause"], detail.Capabilities);
        Assert.Equal(0, detail.MemoryKib);
    }

    private CreateGuest Create(string service = TestPolicies.DefaultService) =>
        new() { RequestId = Guid.NewGuid(), Service = service, Paused = false };
}
