using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Assessment.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RepositoryGateAndGitHub : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "GateFailOpen",
                table: "Repositories",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "GitHub",
                table: "Repositories",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "GateFailOpen",
                table: "Repositories");

            migrationBuilder.DropColumn(
                name: "GitHub",
                table: "Repositories");
        }
    }
}
