using Assessment.Server;
using Assessment.Server.Access;
using Assessment.Server.Endpoints;
using Assessment.Server.Pages;
using Assessment.Server.People;

var demo = args.Contains("--demo", StringComparer.Ordinal);
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:5080");
builder.AddAssessment(demo);
builder.AddAssessmentAccess();

var app = builder.Build();
app.UseBodyLimitClose();
app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseAssessmentErrors();
app.UseAssessmentAccess();
// Open without sign-in, and only these (with the sign-in pages and GitHub's webhook): any
// endpoint that names no policy is refused to anonymous callers by the fallback policy.
var open = app.MapGroup("").AllowAnonymous();
open.MapOpenApi("/openapi/{documentName}.json");
open.MapHealthEndpoints();
open.MapStyleSheet();
open.MapWorkflowPages();
app.MapPatchPages();
app.MapGitHubWebhook().AllowAnonymous(); // GitHub signs the body instead (GitHubEndpoints)
app.UseIdempotency(); // after authentication and authorization: a key belongs to its caller
var me = app.MapGroup("/api/me").RequireAuthorization(AccessPolicies.SignedIn);
me.MapMeEndpoints();
me.MapMeKeyEndpoints();
var signedIn = app.MapGroup("/api").RequireAuthorization(AccessPolicies.SignedIn);
signedIn.MapSignedInEvidenceEndpoints();
signedIn.MapUserKeyEndpoints();
var api = app.MapGroup("/api").RequireAuthorization(AccessPolicies.Member);
api.MapUserEndpoints();
api.MapAccessEndpoints();
api.MapRepositoryEndpoints();
api.MapGateEndpoints();
api.MapMailEndpoints();
api.MapPatchEndpoints();
api.MapDiffEndpoints();
api.MapCommentEndpoints();
api.MapEmergencyEndpoints();
api.MapEvidenceEndpoints();
var evidence = api.MapGroup("").RequireAuthorization(AccessPolicies.ReadsEvidence);
evidence.MapAuditEndpoints();
evidence.MapReportEndpoints();

if (!await app.StartAssessmentAsync(demo))
{
    return 1;
}
await app.RunAsync();
return 0;

public partial class Program;
