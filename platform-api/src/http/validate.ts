import type { Context } from "koa";
import type { z } from "zod";
import { fail } from "./errors.js";

/**
 * Parses input with a zod schema; a failure becomes a 400 listing each problem by path.
 * Only paths and messages go back — never the submitted values, which may be secrets.
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw fail.validation("invalid_request", "Some fields are missing or not valid.", details);
  }
  return result.data;
}

export const body = <S extends z.ZodType>(ctx: Context, schema: S): z.output<S> =>
  parse(schema, ctx.request.body ?? {});
