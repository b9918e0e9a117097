using Fulcrum.Core;
using Fulcrum.Core.Careers;
using Fulcrum.Core.Csv;
using Fulcrum.Web.Data;
using Fulcrum.Web.Features.Organisation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Web.Hosting;

/// <summary>
/// Where a <see cref="ProblemException"/> becomes an HTTP answer: the one place that knows the status
/// code of each kind of problem and the shape of its ProblemDetails.
/// </summary>
public static class ProblemAnswers
{
    /// <summary>
    /// Fields at fault (and nothing located in a file) are a 400 with <c>errors</c> per field, as
    /// ASP.NET's validation problems are; problems in a body or file are a 422 with <c>problems</c>.
    /// </summary>
    public static int StatusOf(ProblemException problem) => problem.Kind switch
    {
        ProblemKind.Invalid => problem.Fields.Count > 0 && problem.Entries.Count == 0
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status422UnprocessableEntity,
        ProblemKind.Unreadable => StatusCodes.Status400BadRequest,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        ProblemKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ProblemKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>The status of an exception that reached the exception handler: a refusal's own; 503 when the
    /// database is down, restarting or gone (a balancer retries elsewhere, and the node recovers by itself); else 500.</summary>
    public static int StatusOf(Exception exception) => exception switch
    {
        ProblemException problem => StatusOf(problem),
        _ when DatabaseSchema.IsUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static ProblemHttpResult ToHttp(this ProblemException problem)
    {
        var extensions = new Dictionary<string, object?>();
        if (problem.Fields.Count > 0)
        {
            extensions["errors"] = problem.Fields;
        }
        if (problem.Entries.Count > 0)
        {
            // The first hundred say what is wrong with a file of junk; the count says how much more there is.
            extensions["problems"] = ProblemException.Listed(problem.Entries).Select(View).ToList();
            extensions["problemCount"] = problem.Entries.Count;
        }
        return TypedResults.Problem(statusCode: StatusOf(problem), title: problem.Title, detail: problem.Message,
            extensions: extensions.Count > 0 ? extensions : null);
    }

    /// <summary>A sentence stays a string; a problem located in a file says where, and the sentence as <c>text</c>.</summary>
    private static object View(ProblemEntry entry) => entry switch
    {
        CsvProblem { Unit: CsvUnit.Record } p => new { record = p.Row, field = p.Column, message = p.Message },
        CsvProblem { Unit: CsvUnit.Line } p => new { line = p.Row, message = p.Message, text = p.ToString() },
        CsvProblem p => new { row = p.Row, column = p.Column, message = p.Message, text = p.ToString() },
        LadderProblem p => new { source = p.Source, line = p.Line, field = p.Field, message = p.Message, text = p.ToString() },
        _ => entry.ToString(),
    };

    /// <summary>
    /// Every endpoint mapped through <paramref name="endpoints"/> answers a <see cref="ProblemException"/>
    /// as ProblemDetails, and one that takes a <see cref="Me"/> first makes sure the signed-in account
    /// is a person in the organisation (403 otherwise), so no handler checks either itself.
    /// </summary>
    public static TBuilder AnswerProblems<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilterFactory((factory, next) =>
        {
            var needsPerson = factory.MethodInfo.GetParameters().Any(p => p.ParameterType == typeof(Me));
            return async context =>
            {
                try
                {
                    if (needsPerson)
                    {
                        var http = context.HttpContext;
                        await http.RequestServices.GetRequiredService<Me>().SignInAsync(http.User, http.RequestAborted);
                    }
                    return await next(context);
                }
                catch (ProblemException problem)
                {
                    return problem.ToHttp();
                }
            };
        });
}
