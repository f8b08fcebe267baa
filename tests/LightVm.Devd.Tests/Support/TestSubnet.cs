using System.Net;

namespace LightVm.Devd.Tests.Support;

/// <summary>A per-test 10.213.x.0/24: the bridge takes .1, guests .2 and up.</summary>
internal sealed record TestSubnet(int Third)
{
    public const byte PrefixLength = 24;

    public IPAddress BridgeAddress => Host(1);

    public IPAddress Guest(int n) => Host(n + 1);

    private IPAddress Host(int last) => new([10, 213, (byte)Third, (byte)last]);
}
