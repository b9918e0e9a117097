using Fulcrum.Core.Careers;

namespace Fulcrum.Core.Tests.Careers;

public sealed class LadderFileTests
{
    // The example in docs/careers.md: two shared levels, a fork at 3.
    internal const string Small = """
        ladder: small
        name: Small ladder
        description: Two shared levels and a fork.
        rating-scale:
          meets: meets
          ratings:
            - id: not-yet
              label: Not yet
            - id: developing
              label: Developing
            - id: meets
              label: Meets
            - id: exceeds
              label: Exceeds
        competencies:
          - id: craft
            name: Technical craft
          - id: people
            name: People
            description: Growing others.
        tracks:
          - id: ic
            name: Individual contributor
          - id: management
            name: Management
        fork-at: 3
        levels:
          - level: 1
            title: Engineer
            competencies:
              craft:
                expectations:
                  - Writes tested code.
                  - Fixes simple bugs.
                evidence:
                  - A first change in production.
          - level: 2
            title: Experienced Engineer
            competencies:
              craft:
                expectations:
                  - Designs components.
              people:
                expectations:
                  - Mentors a new joiner.
          - level: 3
            track: ic
            title: Senior Engineer
            competencies:
              craft:
                expectations:
                  - Sets the team's technical direction.
                  - Reviews designs well.
              people:
                expectations:
                  - Mentors several engineers.
          - level: 3
            track: management
            title: Engineering Manager
            competencies:
              craft:
                expectations:
                  - Reviews designs well.
              people:
                expectations:
                  - Runs regular one-to-ones.
                  - Hires well.
        """;

    [Fact]
    public void A_valid_file_reads_into_a_ladder_with_shared_levels_and_a_fork()
    {
        var result = LadderFile.Parse(Small);

        Assert.Empty(result.Problems);
        var ladder = result.Ladder!;
        Assert.Equal("small", ladder.Id);
        Assert.Equal(3, ladder.ForkAt);
        Assert.Equal(["not-yet", "developing", "meets", "exceeds"], ladder.Scale.Ratings.Select(r => r.Id));
        Assert.Equal(2, ladder.Scale.MeetsIndex);
        Assert.Equal(["Engineer", "Experienced Engineer", "Senior Engineer"], ladder.LevelsOf("ic").Select(l => l.Title));
        Assert.Equal(["Engineer", "Experienced Engineer", "Engineering Manager"], ladder.LevelsOf("management").Select(l => l.Title));
        Assert.Equal("Growing others.", ladder.FindCompetency("people")!.Description);
    }

    [Fact]
    public void Tracks_map_to_the_organisation_career_tracks_by_id_or_name()
    {
        var ladder = LadderFile.Parse(Small).Ladder!;

        Assert.Equal("ic", ladder.FindTrack("ic")!.CareerTrack);
        Assert.Equal("management", ladder.FindTrack("management")!.CareerTrack);
        Assert.Equal("management", ladder.TrackForCareerTrack("management")!.Id);
    }

    [Fact]
    public void Shared_levels_apply_to_every_track()
    {
        var ladder = LadderFile.Parse(Small).Ladder!;

        var ic = ladder.ExpectationsAt("ic", 1);
        var management = ladder.ExpectationsAt("management", 1);

        Assert.Equal(["Writes tested code.", "Fixes simple bugs."], ic.Single(c => c.CompetencyId == "craft").Expectations);
        Assert.Equal(ic.Single(c => c.CompetencyId == "craft").Expectations, management.Single(c => c.CompetencyId == "craft").Expectations);
        Assert.Equal(["craft", "people"], ic.Select(c => c.CompetencyId));
        Assert.Empty(ic.Single(c => c.CompetencyId == "people").Expectations);
        Assert.Equal(["Runs regular one-to-ones.", "Hires well."], ladder.ExpectationsAt("management", 3).Single(c => c.CompetencyId == "people").Expectations);
        Assert.Empty(ladder.ExpectationsAt("ic", 4));
        Assert.Throws<ArgumentException>(() => ladder.ExpectationsAt("sales", 1));
    }

    [Fact]
    public void Writing_a_ladder_and_reading_it_back_gives_the_same_ladder()
    {
        var ladder = LadderFile.Parse(Small).Ladder!;

        var written = LadderFile.Write(ladder);
        var again = LadderFile.Parse(written);

        Assert.Empty(again.Problems);
        Assert.Equal(written, LadderFile.Write(again.Ladder!));
        LadderAssert.Same(ladder, again.Ladder!);
    }

    [Fact]
    public void A_gap_between_the_shared_levels_and_the_fork_is_reported_at_the_fork()
    {
        var text = Small.Replace("  - level: 2\n    title: Experienced Engineer", "  - level: 0\n    title: Experienced Engineer");

        var result = LadderFile.Parse(text);

        Assert.Null(result.Ladder);
        // levels 0 and 1 are present, so the missing one is 2: between the shared levels and the fork
        var problem = Assert.Single(result.Problems);
        Assert.Equal("fork-at", problem.Field);
        Assert.Equal(LineOf(text, "fork-at: 3"), problem.Line);
        Assert.Equal("level 2 is missing before the fork: shared levels end at 1 and the tracks start at 3", problem.Message);
    }

    [Fact]
    public void A_gap_between_shared_levels_names_the_missing_level_and_its_line()
    {
        var text = Small.Replace("fork-at: 3", "fork-at: 4").Replace("  - level: 3\n    track: ic", "  - level: 4\n    track: ic")
            .Replace("  - level: 3\n    track: management", "  - level: 4\n    track: management").Replace("  - level: 2\n", "  - level: 3\n");

        var result = LadderFile.Parse(text);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("level 2 is missing before the fork: levels go 1 then 3", problem.Message);
        Assert.Equal("levels[1].level", problem.Field);
        Assert.Equal(LineOf(text, "  - level: 3"), problem.Line);
    }

    [Fact]
    public void A_track_that_skips_a_level_after_the_fork_is_refused()
    {
        var text = Small + """

              - level: 5
                track: ic
                title: Principal Engineer
            """;

        var problem = Assert.Single(LadderFile.Parse(text).Problems);

        Assert.Equal("level 4 is missing on track 'ic': levels go 3 then 5", problem.Message);
        Assert.Equal(LineOf(text, "  - level: 5"), problem.Line);
    }

    [Fact]
    public void Duplicate_ids_are_reported_for_competencies_tracks_and_levels()
    {
        var text = Small
            .Replace("  - id: people\n    name: People", "  - id: craft\n    name: People")
            .Replace("  - id: management\n    name: Management", "  - id: ic\n    name: Management")
            .Replace("    track: management\n    title: Engineering Manager", "    track: ic\n    title: Engineering Manager");

        var problems = LadderFile.Parse(text).Problems;

        Assert.Contains(problems, p => p.Message == "the competency id 'craft' is used twice" && p.Field == "competencies[1].id");
        Assert.Contains(problems, p => p.Message == "the track id 'ic' is used twice" && p.Field == "tracks[1].id");
        Assert.Contains(problems, p => p.Message == "level 3 of track 'ic' is defined twice" && p.Line == LineOf(text, "    title: Engineering Manager") - 2);
    }

    [Fact]
    public void A_rating_not_on_the_scale_is_refused_with_its_line()
    {
        var text = Small.Replace("  meets: meets", "  meets: good");

        var problem = Assert.Single(LadderFile.Parse(text).Problems);

        Assert.Equal("rating-scale.meets", problem.Field);
        Assert.Equal(LineOf(text, "  meets: good"), problem.Line);
        Assert.Contains("'good' is not a rating on the scale (not-yet, developing, meets, exceeds)", problem.Message);
    }

    [Fact]
    public void A_level_bar_not_on_the_scale_is_refused()
    {
        var text = Small.Replace("    title: Engineer\n", "    title: Engineer\n    meets: fine\n");

        var problem = Assert.Single(LadderFile.Parse(text).Problems);

        Assert.Equal("levels[0].meets", problem.Field);
        Assert.Equal(LineOf(text, "    meets: fine"), problem.Line);
    }

    [Fact]
    public void A_level_naming_an_undefined_competency_is_refused()
    {
        var text = Small.Replace("      people:\n        expectations:\n          - Mentors a new joiner.", "      hiring:\n        expectations:\n          - Mentors a new joiner.");

        var problem = Assert.Single(LadderFile.Parse(text).Problems);

        Assert.Equal("levels[1].competencies.hiring", problem.Field);
        Assert.Equal(LineOf(text, "      hiring:"), problem.Line);
        Assert.StartsWith("no competency 'hiring' is defined", problem.Message);
    }

    [Fact]
    public void Unknown_keys_are_named_with_their_line()
    {
        var text = Small.Replace("    title: Senior Engineer\n", "    title: Senior Engineer\n    salary: 100\n");

        var problem = Assert.Single(LadderFile.Parse(text).Problems);

        Assert.Equal("levels[2].salary", problem.Field);
        Assert.Equal(LineOf(text, "    salary: 100"), problem.Line);
        Assert.StartsWith("unknown key 'salary'", problem.Message);
    }

    [Fact]
    public void Several_problems_are_all_reported_and_no_ladder_is_returned()
    {
        var text = Small.Replace("name: Small ladder\n", "").Replace("  meets: meets", "  meets: good").Replace("    title: Engineer\n", "    titel: Engineer\n");

        var result = LadderFile.Parse(text);

        Assert.Null(result.Ladder);
        Assert.False(result.Succeeded);
        Assert.Equal(4, result.Problems.Count); // name missing, meets, unknown 'titel', title missing
    }

    [Fact]
    public void A_level_with_a_track_needs_a_fork()
    {
        var text = Small.Replace("fork-at: 3\n", "");

        var problem = Assert.Single(LadderFile.Parse(text).Problems);

        Assert.Equal("levels[2].track", problem.Field);
        Assert.Contains("needs 'fork-at'", problem.Message);
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_line()
    {
        var result = LadderFile.Parse("ladder: x\nname: [unclosed\nlevels: 3\n", "my.yaml");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("my.yaml", problem.Source);
        Assert.True(problem.Line >= 2);
        Assert.StartsWith("not valid YAML", problem.Message);
    }

    [Fact]
    public void A_duplicate_key_in_the_yaml_is_reported_not_thrown()
    {
        var result = LadderFile.Parse(Small.Replace("name: Small ladder\n", "name: Small ladder\nname: Again\n"));

        Assert.Null(result.Ladder);
        Assert.Single(result.Problems);
    }

    [Fact]
    public void An_empty_file_is_a_problem_not_an_exception()
    {
        Assert.Equal("the file is empty", Assert.Single(LadderFile.Parse("").Problems).Message);
        Assert.Contains("expected a mapping", Assert.Single(LadderFile.Parse("- a\n- b\n").Problems).Message);
    }

    internal static int LineOf(string text, string line)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var index = Array.FindIndex(lines, l => l.StartsWith(line, StringComparison.Ordinal));
        Assert.True(index >= 0, $"'{line}' is not in the text");
        return index + 1;
    }
}

/// <summary>Compares ladders part by part: records holding lists compare lists by reference.</summary>
internal static class LadderAssert
{
    public static void Same(Ladder expected, Ladder actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Description, actual.Description);
        Assert.Equal(expected.Scale.Meets, actual.Scale.Meets);
        Assert.Equal(expected.Scale.Ratings, actual.Scale.Ratings);
        Assert.Equal(expected.Competencies, actual.Competencies);
        Assert.Equal(expected.Tracks, actual.Tracks);
        Assert.Equal(expected.ForkAt, actual.ForkAt);
        Assert.Equal(expected.Levels.Count, actual.Levels.Count);
        for (var i = 0; i < expected.Levels.Count; i++)
        {
            var (e, a) = (expected.Levels[i], actual.Levels[i]);
            Assert.Equal((e.Number, e.TrackId, e.Title, e.Summary, e.Meets), (a.Number, a.TrackId, a.Title, a.Summary, a.Meets));
            Assert.Equal(e.Competencies.Where(c => !c.IsEmpty).Select(c => c.CompetencyId), a.Competencies.Select(c => c.CompetencyId));
            foreach (var cell in a.Competencies)
            {
                Assert.Equal(e.For(cell.CompetencyId).Expectations, cell.Expectations);
                Assert.Equal(e.For(cell.CompetencyId).Evidence, cell.Evidence);
            }
        }
    }
}
