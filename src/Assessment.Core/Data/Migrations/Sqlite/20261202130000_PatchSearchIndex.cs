using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Assessment.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PatchSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PatchSearchTable.CreateSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PatchSearchTable.DropSql);
        }
    }
}
