using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Assessment.Core.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Handovers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PatchId = table.Column<int>(type: "INTEGER", nullable: false),
                    BlessingEvent = table.Column<long>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false),
                    Digest = table.Column<string>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Handovers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServerKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    KeyId = table.Column<string>(type: "TEXT", nullable: false),
                    Algorithm = table.Column<string>(type: "TEXT", nullable: false),
                    PublicKeyPem = table.Column<string>(type: "TEXT", nullable: false),
                    ValidFrom = table.Column<long>(type: "INTEGER", nullable: false),
                    ValidUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    Event = table.Column<long>(type: "INTEGER", nullable: false)
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
