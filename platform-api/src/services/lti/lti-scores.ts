import type { Knex } from "knex";
import type { Logger } from "pino";
import type { GradebookService } from "../courses/gradebook.js";
import type { Clock } from "../shared/clock.js";
import type { ProviderUrlPolicy } from "../vault/provider-url.js";
import { createAgsTokens } from "./ags-tokens.js";
import { createScoreDeliveries } from "./score-deliveries.js";
import { createScoreLinks } from "./score-links.js";
import { createScoreWorker } from "./score-worker.js";
import type { ToolKeys } from "./tool-keys.js";

/**
 * Grade passback (LTI Assignment and Grade Services 2.0), put together: launches remember line
 * items (`links.remember`), judged submissions queue scores (`onSubmissionFinished`), the worker
 * posts them (`start`, `stop`, `drain`), staff read them (`list`).
 */
export function createLtiScores(deps: {
  db: Knex;
  clock: Clock;
  logger: Logger;
  gradebook: GradebookService;
  toolKeys: ToolKeys;
  /** Where platform URLs may lead (`ALLOW_PRIVATE_PROVIDER_URLS`), and DNS for tests. */
  policy: ProviderUrlPolicy;
  random?: () => number;
}) {
  const { db, clock, logger, gradebook, toolKeys, policy } = deps;
  const tokens = createAgsTokens({ toolKeys, clock, policy });
  const links = createScoreLinks({ db, clock });
  const worker = createScoreWorker({
    db,
    clock,
    logger,
    tokens,
    policy,
    ...(deps.random ? { random: deps.random } : {}),
  });
  const deliveries = createScoreDeliveries({
    db,
    clock,
    logger,
    gradebook,
    links,
    wake: () => void worker.drain(),
  });
  return { links, ...deliveries, ...worker };
}

export type LtiScores = ReturnType<typeof createLtiScores>;
