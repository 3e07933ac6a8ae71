using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Assessment.Core.Data.Migrations.PostgreSQL
{
    /// <inheritdoc />
    public partial class SeparationOfDuties : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EmailList",
                table: "Users",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ChangeId",
                table: "Revisions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Rebase",
                table: "Revisions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "CommitIdentities",
                table: "Patches",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Rollback",
                table: "Deployments",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EmailList",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "ChangeId",
                table: "Revisions");

            migrationBuilder.DropColumn(
                name: "Rebase",
                table: "Revisions");

            migrationBuilder.DropColumn(
                name: "CommitIdentities",
                table: "Patches");

            migrationBuilder.DropColumn(
                name: "Rollback",
                table: "Deployments");
        }
    }
}
