using Fulcrum.Core.Delivery;

namespace Fulcrum.Core.Tests.Delivery;

public sealed class OnTimeDeliveryTests
{
    private static readonly MetricsWindow Q1 = new(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc));

    private static DateTime D(string date) => DateTime.SpecifyKind(DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    [Fact]
    public void Items_done_on_or_before_their_committed_day_are_on_time_and_the_late_ones_say_how_late()
    {
        WorkItemFact[] items =
        [
            new("A", "initiative", D("2026-02-01"), D("2026-01-10"), D("2026-02-01T17:00:00"), 1, 20),  // on the day: on time
            new("B", "initiative", D("2026-02-15"), D("2026-01-20"), D("2026-02-25"), 3, 14),           // 10 days late, moved twice
            new("C", "initiative", D("2026-03-01"), null, D("2026-03-05"), 1, null),                    // 4 days late
            new("D", "story", null, null, D("2026-03-10"), 0, null),                                    // no commitment
            new("E", "initiative", D("2026-03-30"), null, null, 1, null),                               // not done
            new("F", "initiative", D("2025-12-01"), null, D("2025-12-01"), 1, null),                    // done before the window
        ];

        var result = OnTimeDelivery.Compute(Q1, items);

        Assert.Equal(1.0 / 3, result.Value);
        Assert.Equal(3, result.SampleSize);
        Assert.Equal(7, result.Details!["late_days_median"]);
        Assert.Equal(1, result.Details["items_whose_commitment_moved"]);
        Assert.Equal(1, result.Details["done_without_commitment"]);
        Assert.Equal(2, result.Details["estimated_items"]);
        Assert.Equal((22.7083 / 20 + 36.0 / 14) / 2, result.Details["actual_over_estimate_median"], 3);
    }

    [Fact]
    public void Without_committed_dates_the_reason_says_so()
    {
        var result = OnTimeDelivery.Compute(Q1, [new("D", "story", null, null, D("2026-03-10"), 0, null)]);

        Assert.Null(result.Value);
        Assert.Equal("1 work item(s) were done in this window, none with a committed date.", result.Reason);
    }

    [Theory]
    [InlineData(3.0, "days", 3.0)]
    [InlineData(2.0, "weeks", 14.0)]
    [InlineData(12.0, "hours", 0.5)]
    [InlineData(5.0, "points", null)]
    public void Estimates_in_time_units_convert_to_days_and_points_do_not(double estimate, string unit, double? days)
    {
        Assert.Equal(days, OnTimeDelivery.EstimateDays(estimate, unit));
    }

    [Fact]
    public void Work_item_files_are_checked_field_by_field()
    {
        var result = DeliveryFiles.ReadWorkItems(new StringReader(
            "id,title,team,kind,estimate,estimate_unit,committed_date,started_at,done_at\n" +
            "W-1,New checkout,Payments,Initiative,3,weeks,2026-03-01,2026-02-01,2026-02-27T16:00:00Z\n" +
            "W-2,Fix login,,bug,five,days,,,\n" +
            "W-3,Refactor,,,2,,,2026-02-10,2026-02-01\n"));

        Assert.Equal(
        [
            "row 3, column 'estimate': 'five' is not a number of zero or more",
            "row 4, column 'estimate_unit': an estimate needs its unit",
            "row 4, column 'done_at': the work is done before it starts",
        ], result.Problems.Select(p => p.ToString()));
        var first = Assert.Single(result.Rows);
        Assert.Equal(("initiative", 3.0, "weeks", D("2026-03-01")), (first.Kind, first.Estimate!.Value, first.EstimateUnit, first.CommittedDate!.Value));
    }
}
