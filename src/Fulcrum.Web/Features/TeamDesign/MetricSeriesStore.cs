using System.Globalization;
using Fulcrum.Core;
using Fulcrum.Core.Csv;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Fulcrum.Web.Features.TeamDesign;

public sealed record MetricPointView(DateOnly On, double Value);

public sealed record MetricSeriesView(string Name, string? Unit, int Points, DateOnly? First, DateOnly? Last, IReadOnlyList<MetricPointView>? Values = null);

/// <summary>
/// Business metrics entered by hand or imported (<c>date,value</c>, one row a day), for decisions whose
/// metric the delivery module does not measure (conversion, tickets per week, cloud cost). A series is
/// organisation-wide and holds no people-level data; leaders write it, everyone reads it.
/// </summary>
public sealed class MetricSeriesStore(FulcrumDbContext db, TimeProvider clock)
{
    public const int MaxPointsPerImport = 100_000;

    public async Task<IReadOnlyList<MetricSeriesView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var series = await db.MetricSeries.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new { s.Name, s.Unit, Count = s.Points.Count, First = s.Points.Min(p => (DateTime?)p.On), Last = s.Points.Max(p => (DateTime?)p.On) })
            .ToListAsync(cancellationToken);
        return [.. series.Select(s => new MetricSeriesView(s.Name, s.Unit, s.Count, Day(s.First), Day(s.Last)))];
    }

    public async Task<MetricSeriesView> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var series = await db.MetricSeries.AsNoTracking().Include(s => s.Points).SingleOrDefaultAsync(s => s.Name == name, cancellationToken)
            ?? throw ProblemException.NotFound($"There is no metric series '{Shorten(name)}'.");
        var points = series.Points.OrderBy(p => p.On).Select(p => new MetricPointView(DateOnly.FromDateTime(p.On), p.Value)).ToList();
        return new MetricSeriesView(series.Name, series.Unit, points.Count, points.FirstOrDefault()?.On, points.LastOrDefault()?.On, points);
    }

    /// <summary>
    /// Adds or replaces points from CSV (<c>date,value</c>), creating the series when it is new. A day
    /// already in the series takes the file's value. All or nothing: any bad row refuses the file.
    /// </summary>
    public async Task<MetricSeriesView> ImportAsync(string name, string? unit, TextReader csv, CancellationToken cancellationToken = default)
    {
        var clean = (name ?? "").Trim();
        if (clean.Length == 0 || TextRules.Problem(clean, new TextField(MetricSeries.MaxNameLength)) is not null || Core.TeamDesign.DecisionMetrics.DeliveryKey(clean) is not null)
        {
            throw ProblemException.InvalidField("name", $"A series has a name of 1 to {MetricSeries.MaxNameLength} printable characters that is not a delivery metric's.", "The series was not saved");
        }
        if (unit is not null && TextRules.Problem(unit.Trim(), new TextField(30)) is { } unitProblem)
        {
            throw ProblemException.InvalidField("unit", $"The unit {unitProblem}.", "The series was not saved");
        }
        var table = CsvTable.Read(csv, required: ["date", "value"], optional: []);
        var problems = table.Problems.ToList();
        var values = new Dictionary<DateOnly, (double Value, int Row)>();
        foreach (var record in table.Records)
        {
            var dateText = record.Get("date")?.Trim();
            var valueText = record.Get("value")?.Trim();
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                problems.Add(new CsvProblem(record.Row, "date", $"'{Shorten(dateText ?? "")}' is not a date like 2026-03-02"));
                continue;
            }
            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                problems.Add(new CsvProblem(record.Row, "value", $"'{Shorten(valueText ?? "")}' is not a number"));
                continue;
            }
            if (values.TryGetValue(day, out var earlier))
            {
                problems.Add(new CsvProblem(record.Row, "date", $"{day:yyyy-MM-dd} is already on row {earlier.Row}"));
                continue;
            }
            values[day] = (value, record.Row);
        }
        if (values.Count > MaxPointsPerImport)
        {
            problems.Add(new CsvProblem(0, null, $"a file may hold at most {MaxPointsPerImport:N0} points"));
        }
        if (problems.Count > 0 || values.Count == 0)
        {
            throw new ImportReport(0, 0, problems.Count > 0 ? problems : [new CsvProblem(2, null, "no points: the file has a header but no rows")]).Refusal();
        }

        await using var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken);
        var series = await db.MetricSeries.SingleOrDefaultAsync(s => s.Name == clean, cancellationToken);
        if (series is null)
        {
            series = db.MetricSeries.Add(new MetricSeries { Name = clean, Unit = unit?.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime }).Entity;
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (unit is not null)
        {
            series.Unit = unit.Trim();
        }
        var days = values.Keys.Select(d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).ToList();
        var seriesId = series.Id;
        var stored = (await days.ToListInBatchesAsync(batch => db.MetricPoints.Where(p => p.SeriesId == seriesId && batch.Contains(p.On)), cancellationToken))
            .ToDictionary(p => DateOnly.FromDateTime(p.On));
        foreach (var (day, (value, _)) in values)
        {
            if (stored.TryGetValue(day, out var point))
            {
                point.Value = value;
            }
            else
            {
                db.MetricPoints.Add(new MetricPoint { SeriesId = seriesId, On = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), Value = value });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await ListAsync(cancellationToken)).Single(s => s.Name == clean);
    }

    /// <summary>One value typed by hand (the decision page): the series' value on a day, added or replaced.</summary>
    public async Task<MetricSeriesView> SetPointAsync(string name, DateOnly day, double value, CancellationToken cancellationToken = default)
    {
        if (!double.IsFinite(value))
        {
            throw ProblemException.InvalidField("value", "Give a number.", "The value was not saved");
        }
        var csv = $"date,value\n{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)},{value.ToString(CultureInfo.InvariantCulture)}\n";
        return await ImportAsync(name, null, new StringReader(csv), cancellationToken);
    }

    private static DateOnly? Day(DateTime? at) => at is DateTime d ? DateOnly.FromDateTime(d) : null;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
