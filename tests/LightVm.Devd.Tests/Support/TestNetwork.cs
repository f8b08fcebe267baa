namespace LightVm.Devd.Tests.Support;

/// <summary>One test bridge and its subnet.</summary>
internal sealed record TestNetwork(string Bridge, TestSubnet Subnet);
