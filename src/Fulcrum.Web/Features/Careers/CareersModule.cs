using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Home;
using Fulcrum.Web.Features.Modules;
using Fulcrum.Web.Features.Review;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Features.Careers;

/// <summary>Career ladders and placements, assessments that form a consensus, growth plans, kudos and brag documents.</summary>
public static class CareersModule
{
    public static IServiceCollection AddCareers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CareersOptions>().BindConfiguration(CareersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<LadderStore>();
        services.AddScoped<CareerPlacements>();
        services.AddScoped<Recognition>();
        services.AddScoped<Assessments>();
        services.AddScoped<GrowthPlans>();
        services.AddDemoSeeder<DemoRecognitionSeeder>();
        services.AddDemoSeeder<DemoAssessmentSeeder>();
        services.AddDemoSeeder<DemoPlacementsSeeder>();
        services.AddAgendaSource<CareersAgenda>();
        services.AddReviewSource<RecognitionReview>();
        services.AddModuleInfo(new("Careers", "/careers", "Does everyone know how to grow here?",
            "Career ladders with parallel tracks, consensus assessments, growth plans and recognition.",
            ["Ladders as files, with imports of published frameworks", "Assessments that show agreement and disagreement", "Kudos and a brag document the person owns"]));
        services.AddPages(
            "/careers/kudos", "/careers/brag",
            "/careers/ladder", "/careers/ladder?track=management&level=5", "/careers/ladder/compare", "/careers/ladders",
            "/careers/assessments", "/careers/growth");
        services.AddPages<CareersPages>();
        return services;
    }

    public static IEndpointRouteBuilder MapCareers(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRecognition();
        endpoints.MapLadders();
        endpoints.MapAssessments();
        return endpoints;
    }

    /// <summary>The newest assessment cycle and the newest growth plan, for whoever may see them.</summary>
    private sealed class CareersPages : IModulePages
    {
        public async Task<IReadOnlyList<string>> PathsAsync(FulcrumDbContext db, CancellationToken cancellationToken)
        {
            var paths = new List<string>();
            if (await db.AssessmentCycles.OrderByDescending(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken) is long cycle)
            {
                paths.Add($"/careers/assessments/{cycle}");
            }
            if (await db.GrowthPlans.OrderByDescending(p => p.PersonId).Select(p => (int?)p.PersonId).FirstOrDefaultAsync(cancellationToken) is int person)
            {
                paths.Add($"/careers/growth/{person}");
            }
            return paths;
        }
    }
}
