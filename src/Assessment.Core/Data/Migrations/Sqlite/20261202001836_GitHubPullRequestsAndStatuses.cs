using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Assessment.Core.Data.Migrations.Sqlite
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DeliveryId = table.Column<string>(type: "TEXT", nullable: false),
                    Event = table.Column<string>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GitHubDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GitHubPatches",
                columns: table => new
                {
                    PatchId = table.Column<int>(type: "INTEGER", nullable: false),
                    PullRequest = table.Column<int>(type: "INTEGER", nullable: true),
                    PullRequestUrl = table.Column<string>(type: "TEXT", nullable: true),
                    Login = table.Column<string>(type: "TEXT", nullable: true),
                    StatusSha = table.Column<string>(type: "TEXT", nullable: true),
                    StatusState = table.Column<string>(type: "TEXT", nullable: true),
                    StatusDescription = table.Column<string>(type: "TEXT", nullable: true),
                    StatusDeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StatusError = table.Column<string>(type: "TEXT", nullable: true)
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PatchId = table.Column<int>(type: "INTEGER", nullable: false),
                    EventSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Repository = table.Column<string>(type: "TEXT", nullable: false),
                    Sha = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    TargetUrl = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AbandonedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true)
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
