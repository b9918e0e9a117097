using Fulcrum.Core.Access;
using Fulcrum.Core.Csv;

namespace Fulcrum.Core.Tests.Access;

public class ServiceScopeTests
{
    private static readonly ServiceScope PaymentsAndCheckout = new(["checkout", "payments"]);

    [Fact]
    public void Check_RecordsOfItsServices_AreAllowedIgnoringCase()
    {
        PaymentsAndCheckout.Check([(1, "payments"), (2, "Checkout"), (3, " PAYMENTS ")]);
    }

    [Fact]
    public void Check_ARecordOfAnotherService_RefusesTheBatchNamingEachSuchRecord()
    {
        var refusal = Assert.Throws<ProblemException>(() =>
            PaymentsAndCheckout.Check([(1, "payments"), (2, "billing"), (3, "ledger")]));

        Assert.Equal(ProblemKind.Forbidden, refusal.Kind);
        Assert.Equal(
            "This token posts only for checkout, payments: record 2, column 'service': 'billing' is not one of this token's services; " +
            "record 3, column 'service': 'ledger' is not one of this token's services. Nothing was stored.",
            refusal.Message);
        Assert.Equal([2, 3], refusal.Entries.Cast<CsvProblem>().Select(p => p.Row));
    }

    [Fact]
    public void Check_AScopeWhoseServicesWereRemoved_AllowsNothing()
    {
        var refusal = Assert.Throws<ProblemException>(() => new ServiceScope([]).Check([(1, "payments")]));

        Assert.StartsWith("This token posts only for no service (its services have been removed)", refusal.Message);
    }
}
