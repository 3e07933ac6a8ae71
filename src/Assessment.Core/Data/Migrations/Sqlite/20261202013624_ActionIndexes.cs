using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Assessment.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ActionIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tests_PatchId",
                table: "Tests");

            migrationBuilder.DropIndex(
                name: "IX_Reviews_PatchId",
                table: "Reviews");

            migrationBuilder.DropIndex(
                name: "IX_Deployments_PatchId",
                table: "Deployments");

            migrationBuilder.CreateIndex(
                name: "IX_Tests_PatchId_By",
                table: "Tests",
                columns: new[] { "PatchId", "By" });

            migrationBuilder.CreateIndex(
                name: "IX_Tests_PatchId_Revision_By_Result",
                table: "Tests",
                columns: new[] { "PatchId", "Revision", "By", "Result" });

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_PatchId_By",
                table: "Reviews",
                columns: new[] { "PatchId", "By" });

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_PatchId_Revision_By_Verdict",
                table: "Reviews",
                columns: new[] { "PatchId", "Revision", "By", "Verdict" });

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_PatchId_By",
                table: "Deployments",
                columns: new[] { "PatchId", "By" });

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_PatchId_Revision",
                table: "Deployments",
                columns: new[] { "PatchId", "Revision" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tests_PatchId_By",
                table: "Tests");

            migrationBuilder.DropIndex(
                name: "IX_Tests_PatchId_Revision_By_Result",
                table: "Tests");

            migrationBuilder.DropIndex(
                name: "IX_Reviews_PatchId_By",
                table: "Reviews");

            migrationBuilder.DropIndex(
                name: "IX_Reviews_PatchId_Revision_By_Verdict",
                table: "Reviews");

            migrationBuilder.DropIndex(
                name: "IX_Deployments_PatchId_By",
                table: "Deployments");

            migrationBuilder.DropIndex(
                name: "IX_Deployments_PatchId_Revision",
                table: "Deployments");

            migrationBuilder.CreateIndex(
                name: "IX_Tests_PatchId",
                table: "Tests",
                column: "PatchId");

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_PatchId",
                table: "Reviews",
                column: "PatchId");

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_PatchId",
                table: "Deployments",
                column: "PatchId");
        }
    }
}
