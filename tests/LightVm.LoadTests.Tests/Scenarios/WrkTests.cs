using LightVm.LoadTesting.Scenarios;

namespace LightVm.LoadTests.Tests.Scenarios;

public sealed class WrkTests
{
    private const string Output = """
        Running 10s test @ http://127.0.0.1:8080/
          2 threads and 8 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     2.10ms    1.50ms  40.00ms   90.00%
            Req/Sec     2.00k   200.00     2.50k    70.00%
          Latency Distribution
             50%  850.00us
             75%    1.50ms
             90%    3.25ms
             99%    1.20s
          40000 requests in 10.00s, 6.00MB read
          Socket errors: connect 0, read 2, write 0, timeout 1
          Non-2xx or 3xx responses: 4
        Requests/sec:   3999.50
        Transfer/sec:    614.00KB
        """;

    [Fact]
    public void Parse_WrkLatencyOutput_ReadsRateAndPercentilesInMs()
    {
        var result = Wrk.Parse(Output);

        Assert.NotNull(result);
        Assert.Equal(3999.5, result.RequestsPerSecond);
        Assert.Equal(0.85, result.P50, precision: 6);
        Assert.Equal(3.25, result.P90, precision: 6);
        Assert.Equal(1200, result.P99, precision: 6);
        Assert.Equal(40000, result.Requests);
        Assert.Equal(7, result.Errors);
    }

    [Fact]
    public void Parse_NotWrkOutput_IsNull()
    {
        Assert.Null(Wrk.Parse("wrk: command not found"));
    }
}
