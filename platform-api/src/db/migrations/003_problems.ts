import type { Knex } from "knex";

export const name = "003_problems";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("languages", (t) => {
    t.string("id", 32).notNullable().primary();
    t.string("name", 64).notNullable();
    t.string("version", 64).notNullable();
    t.boolean("enabled").notNullable().defaultTo(true);
  });

  await knex.schema.createTable("categories", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("slug", 100).notNullable().unique();
    t.string("name", 255).notNullable();
  });

  await knex.schema.createTable("problems", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("slug", 100).notNullable().unique();
    t.string("title", 255).notNullable();
    t.text("statement").notNullable();
    t.string("difficulty", 16).notNullable();
    t.text("languages").notNullable();
    t.text("limits").notNullable();
    t.text("judge").notNullable();
    t.text("starter").notNullable();
    // NO ACTION, not SET NULL: with SET NULL, SQL Server would see two cascade paths from users to
    // submissions and conversations (via problems, and via embeds) and refuse the schema.
    // deleteUser() clears author_id first; a problem outlives its author.
    t.string("author_id", 36).nullable().index().references("id").inTable("users").onDelete("NO ACTION");
    t.boolean("published").notNullable().defaultTo(true);
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
  });

  await knex.schema.createTable("problem_categories", (t) => {
    t.string("problem_id", 36).notNullable().references("id").inTable("problems").onDelete("CASCADE");
    t.string("category_id", 36)
      .notNullable()
      .index()
      .references("id")
      .inTable("categories")
      .onDelete("CASCADE");
    t.primary(["problem_id", "category_id"]);
  });

  await knex.schema.createTable("problem_tests", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("problem_id", 36).notNullable().references("id").inTable("problems").onDelete("CASCADE");
    t.integer("ordinal").notNullable();
    // Function-mode tests carry `args` instead of stdin.
    t.text("input").notNullable().defaultTo("");
    t.text("expected").notNullable();
    t.text("args").nullable();
    t.boolean("sample").notNullable().defaultTo(false);
    // Also serves lookups by problem_id (its leading column).
    t.unique(["problem_id", "ordinal"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ["problem_tests", "problem_categories", "problems", "categories", "languages"]) {
    await knex.schema.dropTable(table);
  }
}
