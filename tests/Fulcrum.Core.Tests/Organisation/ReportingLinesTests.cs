using Fulcrum.Core.Organisation;

namespace Fulcrum.Core.Tests.Organisation;

public class ReportingLinesTests
{
    [Fact]
    public void ManagerChain_ListsManagersNearestFirst()
    {
        var lines = new ReportingLines(new Dictionary<int, int?> { [4] = 3, [3] = 2, [2] = 1, [1] = null });

        Assert.Equal([3, 2, 1], lines.ManagerChain(4));
        Assert.Equal([1], lines.ManagerChain(2));
    }

    [Fact]
    public void ManagerChain_TopOfTreeOrUnknownPerson_IsEmpty()
    {
        var lines = new ReportingLines(new Dictionary<int, int?> { [2] = 1, [1] = null });

        Assert.Empty(lines.ManagerChain(1));
        Assert.Empty(lines.ManagerChain(99));
    }

    [Fact]
    public void ManagerChain_CycleThroughThePerson_StopsBeforeRepeating()
    {
        var lines = new ReportingLines(new Dictionary<int, int?> { [1] = 2, [2] = 3, [3] = 1 });

        Assert.Equal([2, 3], lines.ManagerChain(1));
    }

    [Fact]
    public void ManagerChain_CycleAboveThePerson_StopsBeforeRepeating()
    {
        var lines = new ReportingLines(new Dictionary<int, int?> { [1] = 2, [2] = 3, [3] = 4, [4] = 3 });

        Assert.Equal([2, 3, 4], lines.ManagerChain(1));
    }

    [Fact]
    public void IsInManagerChain_TrueForEveryManagerAboveAndFalseOtherwise()
    {
        var lines = new ReportingLines(new Dictionary<int, int?> { [4] = 3, [3] = 2, [2] = 1, [5] = 3 });

        Assert.True(lines.IsInManagerChain(3, 4));
        Assert.True(lines.IsInManagerChain(1, 4));
        Assert.False(lines.IsInManagerChain(5, 4));
        Assert.False(lines.IsInManagerChain(4, 3));
        Assert.False(lines.IsInManagerChain(4, 4));
    }

    [Fact]
    public void WouldCreateCycle_ManagingYourself_IsACycle()
    {
        var lines = new ReportingLines(new Dictionary<int, int?>());

        Assert.True(lines.WouldCreateCycle(1, 1));
    }

    [Theory]
    [InlineData(3)] // direct report
    [InlineData(4)] // report of a report
    public void WouldCreateCycle_ManagerIsSomeoneBelowThePerson_IsACycle(int newManager)
    {
        var lines = new ReportingLines(new Dictionary<int, int?> { [4] = 3, [3] = 2, [2] = 1 });

        Assert.True(lines.WouldCreateCycle(2, newManager));
    }

    [Theory]
    [InlineData(1)] // current manager
    [InlineData(5)] // someone in another branch
    [InlineData(99)] // someone with no line at all
    public void WouldCreateCycle_ManagerOutsideThePersonsReports_IsNotACycle(int newManager)
    {
        var lines = new ReportingLines(new Dictionary<int, int?> { [4] = 3, [3] = 2, [2] = 1, [5] = 1 });

        Assert.False(lines.WouldCreateCycle(3, newManager));
    }

    [Fact]
    public void WouldCreateCycle_RemovingTheManager_IsNotACycle()
    {
        var lines = new ReportingLines(new Dictionary<int, int?> { [2] = 1 });

        Assert.False(lines.WouldCreateCycle(2, null));
    }

    [Fact]
    public void WouldCreateCycle_ManagerInsideAnUnrelatedStoredCycle_AnswersWithoutHanging()
    {
        var lines = new ReportingLines(new Dictionary<int, int?> { [7] = 8, [8] = 7 });

        Assert.False(lines.WouldCreateCycle(1, 7));
    }
}
