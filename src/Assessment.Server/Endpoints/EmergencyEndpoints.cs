using Assessment.Core.Patches;

namespace Assessment.Server.Endpoints;

internal static class EmergencyEndpoints
{
    public static void MapEmergencyEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/emergencies", async (DeclareEmergency body, HttpContext http, PatchService patches, PatchViews views, CancellationToken ct) =>
        {
            var patch = await patches.DeclareEmergencyAsync(http.Caller(), body, ct);
            return Results.Created($"/api/patches/{patch.Id}", views.One(patch, http.Caller()));
        }).WithSummary("Record an emergency deployment to production (sysadmin); review follows in the aftermath");
    }
}
