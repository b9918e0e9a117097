using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Accounts;
using Fulcrum.Web.Features.Careers;
using Fulcrum.Web.Features.Delivery;
using Fulcrum.Web.Features.Demo;
using Fulcrum.Web.Features.Estimation;
using Fulcrum.Web.Features.Home;
using Fulcrum.Web.Features.Jobs;
using Fulcrum.Web.Features.Leverage;
using Fulcrum.Web.Features.Organisation;
using Fulcrum.Web.Features.Review;
using Fulcrum.Web.Features.Experiments;
using Fulcrum.Web.Features.Feedback;
using Fulcrum.Web.Features.Friction;
using Fulcrum.Web.Features.TeamDesign;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Hosting;

/// <summary>The services every Fulcrum process needs, the web app and the CLI alike: the database, then one line per module.</summary>
public static class FulcrumServices
{
    public static IServiceCollection AddFulcrumCore(this IServiceCollection services, DatabaseTarget database, IConfiguration configuration)
    {
        services.AddSingleton(database);
        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<FulcrumDbContext>(database.Configure);
        services.AddDemoSeeding();

        // The menu, the home page's cards and agenda, and the demo follow this order.
        services.AddHome(configuration);
        services.AddReview(configuration);
        services.AddAccounts(configuration);
        services.AddOrganisation(configuration);
        services.AddDelivery(configuration);
        services.AddEstimation(configuration);
        services.AddCareers(configuration);
        services.AddLeverage(configuration);
        services.AddTeamDesign(configuration);
        services.AddFeedback(configuration);
        services.AddFriction(configuration);
        services.AddExperiments(configuration);
        // Not a module people open, but the queue's menu entry belongs after the Organisation module's.
        services.AddJobs(configuration);
        return services;
    }
}
