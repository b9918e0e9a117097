using Fulcrum.Core.Organisation;

namespace Fulcrum.Core.Tests.Organisation;

public class OrganisationImportCheckTests
{
    private static readonly Dictionary<string, string?> NoStoredTeams = [];
    private static readonly Dictionary<string, string?> NoStoredPeople = [];

    private static TeamRow Team(int row, string name, string? parent = null) => new(row, name, parent, null);

    private static PersonRow Person(int row, string email, string? manager = null, string? team = null) =>
        new(row, email.Split('@')[0], email, team, manager, null, null, null);

    private static string[] Describe(IEnumerable<Fulcrum.Core.Csv.CsvProblem> problems) =>
        problems.Select(p => p.ToString()).ToArray();

    /// <summary>Runs a check on another thread so a loop in the walk fails the test instead of hanging the run.</summary>
    private static T WithinSeconds<T>(Func<T> check)
    {
        var task = Task.Run(check);
        Assert.True(task.Wait(TimeSpan.FromSeconds(10)), "the check did not finish; it is probably walking a loop");
        return task.Result;
    }

    [Fact]
    public void Teams_ParentMissingEverywhere_IsReported()
    {
        var problems = OrganisationImportCheck.Teams([Team(2, "Platform", "Ghost")], NoStoredTeams);

        Assert.Equal(["row 2, column 'parent': no team named 'Ghost' exists or is in this file"], Describe(problems));
    }

    [Fact]
    public void Teams_ParentStoredInDatabase_IsAcceptedIgnoringCase()
    {
        var stored = new Dictionary<string, string?> { ["Engineering"] = null };

        var problems = OrganisationImportCheck.Teams([Team(2, "Platform", "engineering")], stored);

        Assert.Empty(problems);
    }

    [Fact]
    public void Teams_ParentAppearingLaterInTheSameFile_IsAccepted()
    {
        var problems = OrganisationImportCheck.Teams(
            [Team(2, "Platform", "Engineering"), Team(3, "Engineering")], NoStoredTeams);

        Assert.Empty(problems);
    }

    [Fact]
    public void Teams_TwoTeamsInTheFileNamingEachOtherAsParent_AreBothReported()
    {
        var problems = OrganisationImportCheck.Teams(
            [Team(2, "Platform", "Payments"), Team(3, "Payments", "Platform")], NoStoredTeams);

        Assert.Equal(
        [
            "row 2, column 'parent': 'Payments' is inside 'Platform', so this would make a loop",
            "row 3, column 'parent': 'Platform' is inside 'Payments', so this would make a loop",
        ], Describe(problems));
    }

    [Fact]
    public void Teams_LongerLoopInTheFile_ReportsEveryRowOnIt()
    {
        var problems = OrganisationImportCheck.Teams(
            [Team(2, "A", "B"), Team(3, "B", "C"), Team(4, "C", "A"), Team(5, "D", "A")], NoStoredTeams);

        // D hangs below the loop but is not on it.
        Assert.Equal([2, 3, 4], problems.Select(p => p.Row));
        Assert.All(problems, p => Assert.Equal("parent", p.Column));
    }

    [Fact]
    public void Teams_LoopClosedThroughStoredParents_IsReported()
    {
        // Stored: Engineering > Platform > Databases. The file puts Engineering under Databases.
        var stored = new Dictionary<string, string?>
        {
            ["Engineering"] = null,
            ["Platform"] = "Engineering",
            ["Databases"] = "Platform",
        };

        var problems = OrganisationImportCheck.Teams([Team(4, "Engineering", "Databases")], stored);

        Assert.Equal(["row 4, column 'parent': 'Databases' is inside 'Engineering', so this would make a loop"], Describe(problems));
    }

    [Fact]
    public void Teams_FileMovingAStoredTeamOutFirst_DoesNotCountTheStoredParent()
    {
        // Stored: Platform under Engineering. The file swaps them, so the stored link no longer holds.
        var stored = new Dictionary<string, string?> { ["Engineering"] = null, ["Platform"] = "Engineering" };

        var problems = OrganisationImportCheck.Teams(
            [Team(2, "Engineering", "Platform"), Team(3, "Platform")], stored);

        Assert.Empty(problems);
    }

    [Fact]
    public void Teams_UnrelatedLoopAlreadyStored_DoesNotHangOrBlameTheFile()
    {
        var stored = new Dictionary<string, string?> { ["X"] = "Y", ["Y"] = "X" };

        var problems = WithinSeconds(() => OrganisationImportCheck.Teams([Team(2, "Platform", "X")], stored));

        Assert.Empty(problems);
    }

    [Fact]
    public void Teams_MissingParentAndLoop_AreBothReportedFromOneFile()
    {
        var problems = OrganisationImportCheck.Teams(
            [Team(2, "A", "B"), Team(3, "B", "A"), Team(4, "C", "Ghost")], NoStoredTeams);

        Assert.Equal([2, 3, 4], problems.Select(p => p.Row));
        Assert.Contains("no team named 'Ghost'", problems[2].Message);
    }

    [Fact]
    public void People_TeamMissing_IsReported()
    {
        var problems = OrganisationImportCheck.People(
            [Person(2, "ada@example.com", team: "Ghost")], ["Platform"], NoStoredPeople);

        Assert.Equal(["row 2, column 'team': no team named 'Ghost'; import teams first or create it"], Describe(problems));
    }

    [Fact]
    public void People_TeamStored_IsAcceptedIgnoringCase()
    {
        var problems = OrganisationImportCheck.People(
            [Person(2, "ada@example.com", team: "platform")], ["Platform"], NoStoredPeople);

        Assert.Empty(problems);
    }

    [Fact]
    public void People_ManagerMissingEverywhere_IsReported()
    {
        var problems = OrganisationImportCheck.People(
            [Person(2, "ada@example.com", manager: "boss@example.com")], [], NoStoredPeople);

        Assert.Equal(["row 2, column 'manager_email': no person with email boss@example.com exists or is in this file"],
            Describe(problems));
    }

    [Fact]
    public void People_ManagerLaterInTheSameFile_IsAccepted()
    {
        var problems = OrganisationImportCheck.People(
            [Person(2, "ada@example.com", manager: "boss@example.com"), Person(3, "boss@example.com")], [], NoStoredPeople);

        Assert.Empty(problems);
    }

    [Fact]
    public void People_ManagerStoredInDatabase_IsAcceptedIgnoringCase()
    {
        var stored = new Dictionary<string, string?> { ["Boss@Example.com"] = null };

        var problems = OrganisationImportCheck.People(
            [Person(2, "ada@example.com", manager: "boss@example.com")], [], stored);

        Assert.Empty(problems);
    }

    [Fact]
    public void People_TwoPeopleInTheFileManagingEachOther_AreBothReported()
    {
        var problems = OrganisationImportCheck.People(
            [Person(2, "a@example.com", manager: "b@example.com"), Person(3, "b@example.com", manager: "a@example.com")],
            [], NoStoredPeople);

        Assert.Equal(
        [
            "row 2, column 'manager_email': a@example.com would end up managing themselves through b@example.com",
            "row 3, column 'manager_email': b@example.com would end up managing themselves through a@example.com",
        ], Describe(problems));
    }

    [Fact]
    public void People_LoopClosedThroughStoredManagers_IsReported()
    {
        // Stored: b reports to a. The file makes a report to b.
        var stored = new Dictionary<string, string?> { ["a@example.com"] = null, ["b@example.com"] = "a@example.com" };

        var problems = OrganisationImportCheck.People([Person(7, "a@example.com", manager: "b@example.com")], [], stored);

        Assert.Equal(["row 7, column 'manager_email': a@example.com would end up managing themselves through b@example.com"],
            Describe(problems));
    }

    [Fact]
    public void People_FileReassigningTheStoredManager_DoesNotCountTheStoredLine()
    {
        var stored = new Dictionary<string, string?> { ["a@example.com"] = null, ["b@example.com"] = "a@example.com" };

        var problems = OrganisationImportCheck.People(
            [Person(2, "a@example.com", manager: "b@example.com"), Person(3, "b@example.com")], [], stored);

        Assert.Empty(problems);
    }

    [Fact]
    public void People_UnrelatedLoopAlreadyStored_DoesNotHangOrBlameTheFile()
    {
        var stored = new Dictionary<string, string?> { ["x@example.com"] = "y@example.com", ["y@example.com"] = "x@example.com" };

        var problems = WithinSeconds(() => OrganisationImportCheck.People(
            [Person(2, "ada@example.com", manager: "x@example.com")], [], stored));

        Assert.Empty(problems);
    }

    [Fact]
    public void People_MissingTeamAndMissingManagerOnOneRow_AreBothReported()
    {
        var problems = OrganisationImportCheck.People(
            [Person(2, "ada@example.com", manager: "boss@example.com", team: "Ghost"), Person(3, "grace@example.com", team: "Nowhere")],
            ["Platform"], NoStoredPeople);

        Assert.Equal([(2, "team"), (2, "manager_email"), (3, "team")], problems.Select(p => (p.Row, p.Column)));
    }
}
