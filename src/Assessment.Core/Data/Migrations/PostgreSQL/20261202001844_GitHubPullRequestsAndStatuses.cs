using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Assessment.Core.Data.Migrations.PostgreSQL
{
    /// <inheritdoc />
    public partial class GitHubPullRequestsAndStatuses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GitHubDeliveries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DeliveryId = table.Column<string>(type: "text", nullable: false),
                    Event = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GitHubDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GitHubPatches",
                columns: table => new
                {
                    PatchId = table.Column<int>(type: "integer", nullable: false),
                    PullRequest = table.Column<int>(type: "integer", nullable: true),
                    PullRequestUrl = table.Column<string>(type: "text", nullable: true),
                    Login = table.Column<string>(type: "text", nullable: true),
                    StatusSha = table.Column<string>(type: "text", nullable: true),
                    StatusState = table.Column<string>(type: "text", nullable: true),
                    StatusDescription = table.Column<string>(type: "text", nullable: true),
                    StatusDeliveredAt = table.Column<long>(type: "bigint", nullable: true),
                    StatusError = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GitHubPatches", x => x.PatchId);
                    table.ForeignKey(
                        name: "FK_GitHubPatches_Patches_PatchId",
                        column: x => x.PatchId,
                        principalTable: "Patches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GitHubStatuses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PatchId = table.Column<int>(type: "integer", nullable: false),
                    EventSequence = table.Column<long>(type: "bigint", nullable: false),
                    Repository = table.Column<string>(type: "text", nullable: false),
                    Sha = table.Column<string>(type: "text", nullable: false),
                    State = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    TargetUrl = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "bigint", nullable: false),
                    SentAt = table.Column<long>(type: "bigint", nullable: true),
                    AbandonedAt = table.Column<long>(type: "bigint", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GitHubStatuses", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GitHubDeliveries_DeliveryId",
                table: "GitHubDeliveries",
                column: "DeliveryId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GitHubStatuses_PatchId",
                table: "GitHubStatuses",
                column: "PatchId");

            migrationBuilder.CreateIndex(
                name: "IX_GitHubStatuses_SentAt_AbandonedAt_Id",
                table: "GitHubStatuses",
                columns: new[] { "SentAt", "AbandonedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GitHubDeliveries");

            migrationBuilder.DropTable(
                name: "GitHubPatches");

            migrationBuilder.DropTable(
                name: "GitHubStatuses");
        }
    }
}
