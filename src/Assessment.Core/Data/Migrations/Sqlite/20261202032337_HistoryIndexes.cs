using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Assessment.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HistoryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Tests_PatchId_Id",
                table: "Tests",
                columns: new[] { "PatchId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_PatchId_Id",
                table: "Reviews",
                columns: new[] { "PatchId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_PatchId_Id",
                table: "Deployments",
                columns: new[] { "PatchId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tests_PatchId_Id",
                table: "Tests");

            migrationBuilder.DropIndex(
                name: "IX_Reviews_PatchId_Id",
                table: "Reviews");

            migrationBuilder.DropIndex(
                name: "IX_Deployments_PatchId_Id",
                table: "Deployments");
        }
    }
}
