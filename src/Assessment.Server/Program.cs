using Assessment.Server;
using Assessment.Server.Endpoints;
using Assessment.Server.Pages;
using Assessment.Server.People;

var demo = args.Contains("--demo", StringComparer.Ordinal);
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:5080");
builder.AddAssessment(demo);

var app = builder.Build();
app.UseSecurityHeaders();
app.UseAssessmentErrors();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapHealthEndpoints();
app.MapStyleSheet();
app.MapWorkflowPages();
app.MapPatchPages();
app.MapGitHubWebhook();
app.UseApiAuthentication();
app.UseIdempotency(); // after authentication: a key belongs to its caller
var api = app.MapGroup("/api");
api.MapUserEndpoints();
api.MapRepositoryEndpoints();
api.MapGateEndpoints();
api.MapMailEndpoints();
api.MapPatchEndpoints();
api.MapDiffEndpoints();
api.MapCommentEndpoints();
api.MapEmergencyEndpoints();
api.MapAuditEndpoints();
api.MapReportEndpoints();
api.MapEvidenceEndpoints();

if (!await app.StartAssessmentAsync(demo))
{
    return 1;
}
await app.RunAsync();
return 0;

public partial class Program;
