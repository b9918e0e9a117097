using Fulcrum.Core.Access;
using Fulcrum.Core.Organisation;

namespace Fulcrum.Core.Tests.Access;

public class PrivateRecordPolicyTests
{
    // 1 heads engineering; 2 reports to 1; 3 reports to 2; 4 and 5 are peers reporting to 3.
    private const int Head = 1, Director = 2, Manager = 3, Engineer = 4, Peer = 5;

    private static ReportingLines Organisation() => new(new Dictionary<int, int?>
    {
        [Head] = null,
        [Director] = Head,
        [Manager] = Director,
        [Engineer] = Manager,
        [Peer] = Manager,
    });

    [Fact]
    public void CanRead_OwnRecords_IsAllowed()
    {
        Assert.True(PrivateRecordPolicy.CanRead(Engineer, Engineer, Organisation()));
    }

    [Fact]
    public void CanRead_DirectManager_IsAllowed()
    {
        Assert.True(PrivateRecordPolicy.CanRead(Manager, Engineer, Organisation()));
    }

    [Theory]
    [InlineData(Director)]
    [InlineData(Head)]
    public void CanRead_ManagerFurtherUpTheChain_IsAllowed(int viewer)
    {
        Assert.True(PrivateRecordPolicy.CanRead(viewer, Engineer, Organisation()));
    }

    [Fact]
    public void CanRead_Peer_IsDenied()
    {
        Assert.False(PrivateRecordPolicy.CanRead(Peer, Engineer, Organisation()));
    }

    [Theory]
    [InlineData(Engineer, Manager)]
    [InlineData(Engineer, Head)]
    [InlineData(Manager, Director)]
    public void CanRead_ReportReadingTheirManagersRecords_IsDenied(int viewer, int owner)
    {
        Assert.False(PrivateRecordPolicy.CanRead(viewer, owner, Organisation()));
    }

    [Fact]
    public void CanRead_NamedReaderSuchAsARater_IsAllowed()
    {
        Assert.True(PrivateRecordPolicy.CanRead(Peer, Engineer, Organisation(), namedReaders: [Peer]));
    }

    [Fact]
    public void CanRead_NamedReadersNotIncludingTheViewer_IsDenied()
    {
        Assert.False(PrivateRecordPolicy.CanRead(Peer, Engineer, Organisation(), namedReaders: [Head, 42]));
    }

    [Fact]
    public void CanRead_ViewerWithoutAPersonRecord_IsDeniedEvenForTheirOwnNamedRecord()
    {
        Assert.False(PrivateRecordPolicy.CanRead(null, Engineer, Organisation()));
        Assert.False(PrivateRecordPolicy.CanRead(null, Engineer, Organisation(), namedReaders: [Engineer, Manager]));
    }

    [Fact]
    public void CanRead_SomeoneOutsideTheOrganisation_IsDenied()
    {
        Assert.False(PrivateRecordPolicy.CanRead(99, Engineer, Organisation()));
    }

    [Fact]
    public void CanRead_WithALoopInTheReportingData_StillAnswers()
    {
        var lines = new ReportingLines(new Dictionary<int, int?> { [1] = 2, [2] = 1, [3] = 1 });

        Assert.True(PrivateRecordPolicy.CanRead(2, 3, lines));
        Assert.False(PrivateRecordPolicy.CanRead(4, 3, lines));
    }
}
