import { z } from "zod";
import { AccessToken } from "../schemas/auth.js";
import { ApiKey } from "../schemas/keys.js";

// Answers the shared schemas do not name yet (the API's OpenAPI document defines them the same way).

/** `GET /me/tokens` */
export const AccessTokenList = z.array(AccessToken);
/** `GET /keys` */
export const ApiKeyList = z.array(ApiKey);
