namespace LightVm.Gateway.Routing;

/// <summary>
/// What a route does with an arriving request: answer it at once (<see cref="Answer"/>: warm or full), or hold it
/// (<see cref="Hold"/>), having first asked for a new guest (<see cref="SpinUp"/>) or a resume (<see cref="Resume"/>)
/// when no one had yet.
/// </summary>
internal readonly record struct Admission(Activation? Answer, Hold? Hold, Guid? SpinUp, Guid? Resume)
{
    public static Admission Answered(Activation answer) => new(answer, null, null, null);
}
