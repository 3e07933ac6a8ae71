using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Assessment.Core.Data.Migrations.PostgreSQL
{
    /// <inheritdoc />
    public partial class PatchSearchIndex : Migration
    {
        // pg_trgm is a trusted extension (PostgreSQL 13 and later): a database owner may create
        // it without being a superuser. Debian's postgresql package ships it.
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                CREATE INDEX "IX_Patches_Title_Trigram" ON "Patches" USING gin (lower("Title") gin_trgm_ops);
                CREATE INDEX "IX_Patches_Description_Trigram" ON "Patches" USING gin (lower("Description") gin_trgm_ops);
                CREATE INDEX "IX_Patches_Bug_Trigram" ON "Patches" USING gin (lower("Bug") gin_trgm_ops);
                CREATE INDEX "IX_Patches_Head_Trigram" ON "Patches" USING gin ("Head" gin_trgm_ops);
                CREATE INDEX "IX_Patches_Base_Trigram" ON "Patches" USING gin ("Base" gin_trgm_ops);
                CREATE INDEX "IX_Revisions_Head_Trigram" ON "Revisions" USING gin ("Head" gin_trgm_ops);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX "IX_Patches_Title_Trigram";
                DROP INDEX "IX_Patches_Description_Trigram";
                DROP INDEX "IX_Patches_Bug_Trigram";
                DROP INDEX "IX_Patches_Head_Trigram";
                DROP INDEX "IX_Patches_Base_Trigram";
                DROP INDEX "IX_Revisions_Head_Trigram";
                """);
        }
    }
}
