using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Assessment.Core.Data.Migrations.PostgreSQL
{
    /// <inheritdoc />
    public partial class EvidenceRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "HandoverDigest",
                table: "Deployments",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Handovers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PatchId = table.Column<int>(type: "integer", nullable: false),
                    BlessingEvent = table.Column<long>(type: "bigint", nullable: false),
                    Document = table.Column<string>(type: "text", nullable: false),
                    Digest = table.Column<string>(type: "text", nullable: false),
                    KeyId = table.Column<string>(type: "text", nullable: false),
                    IssuedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Handovers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServerKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    KeyId = table.Column<string>(type: "text", nullable: false),
                    Algorithm = table.Column<string>(type: "text", nullable: false),
                    PublicKeyPem = table.Column<string>(type: "text", nullable: false),
                    ValidFrom = table.Column<long>(type: "bigint", nullable: false),
                    ValidUntil = table.Column<long>(type: "bigint", nullable: true),
                    Event = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServerKeys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Handovers_BlessingEvent",
                table: "Handovers",
                column: "BlessingEvent",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Handovers_PatchId",
                table: "Handovers",
                column: "PatchId");

            migrationBuilder.CreateIndex(
                name: "IX_ServerKeys_KeyId",
                table: "ServerKeys",
                column: "KeyId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Handovers");

            migrationBuilder.DropTable(
                name: "ServerKeys");

            migrationBuilder.DropColumn(
                name: "HandoverDigest",
                table: "Deployments");
        }
    }
}
