using Fulcrum.Core.Organisation;

namespace Fulcrum.Core.Tests.Organisation;

public class CareerTracksTests
{
    [Theory]
    [InlineData("ic")]
    [InlineData("IC")]
    [InlineData("  Ic ")]
    [InlineData("Individual contributor")]
    [InlineData("individual-contributor")]
    [InlineData("Engineer")]
    public void Normalise_IndividualContributorSpellings_GiveTheKey(string value)
    {
        Assert.Equal("ic", CareerTracks.Normalise(value));
    }

    [Theory]
    [InlineData("management")]
    [InlineData("Management")]
    [InlineData("Manager")]
    [InlineData("EM")]
    [InlineData("Engineering Manager")]
    [InlineData(" engineering manager ")]
    public void Normalise_ManagementSpellings_GiveTheKey(string value)
    {
        Assert.Equal("management", CareerTracks.Normalise(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("wizard")]
    [InlineData("individual  contributor")]
    [InlineData("staff")]
    public void Normalise_BlankOrUnknown_GivesNull(string? value)
    {
        Assert.Null(CareerTracks.Normalise(value));
    }

    [Theory]
    [InlineData("ic", "Individual contributor")]
    [InlineData("management", "Management")]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("staff", "staff")]
    public void Label_GivesTheNameShownToPeople(string? track, string expected)
    {
        Assert.Equal(expected, CareerTracks.Label(track));
    }

    [Fact]
    public void Label_OfEveryKnownTrack_NormalisesBackToTheKey()
    {
        Assert.All(CareerTracks.All, track => Assert.Equal(track, CareerTracks.Normalise(CareerTracks.Label(track))));
    }

    [Fact]
    public void IsKnown_AcceptsOnlyTheKeys()
    {
        Assert.True(CareerTracks.IsKnown("ic"));
        Assert.True(CareerTracks.IsKnown("management"));
        Assert.False(CareerTracks.IsKnown("IC"));
        Assert.False(CareerTracks.IsKnown(null));
    }
}
