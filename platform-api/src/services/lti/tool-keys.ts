import { createPrivateKey, generateKeyPair, type KeyObject, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import type { Knex } from "knex";
import { type Clock, iso } from "../shared/clock.js";
import type { SecretBox } from "../vault/secret-box.js";

const generateRsa = promisify(generateKeyPair);

/** A public key as `GET /lti/jwks` publishes it. */
export interface ToolJwk {
  kty: "RSA";
  n: string;
  e: string;
  kid: string;
  alg: "RS256";
  use: "sig";
}

/** The current signing key: its id for the JWT header and the private key to sign with. */
export interface ToolSigningKey {
  kid: string;
  privateKey: KeyObject;
}

interface ToolKeyRow {
  id: string;
  owner: string;
  private_key: string;
  public_jwk: string;
  created_at: string;
  retired_at: string | null;
}

/** The private key's envelope is bound to its row: moved to another kid, it does not open. */
const sealContext = (kid: string) => ({ table: "lti_tool_keys", rowId: kid, ownerId: "system" });

const jwkOf = (row: ToolKeyRow): ToolJwk => {
  const { n, e } = JSON.parse(row.public_jwk) as { n: string; e: string };
  return { kty: "RSA", n, e, kid: row.id, alg: "RS256", use: "sig" };
};

/**
 * The tool's RSA-2048 signing keys, sealed by the vault. The first key is made on first use;
 * `rotate` makes a new current key and keeps the one it replaces as the previous key (published,
 * no longer used to sign) so platforms that cached the old JWKS still verify what was signed
 * just before. Older keys are deleted. Private key material never leaves this module except as
 * a `KeyObject` to sign with.
 */
export function createToolKeys({ db, secrets, clock }: { db: Knex; secrets: SecretBox; clock: Clock }) {
  const keys = () => db<ToolKeyRow>("lti_tool_keys");
  const currentRow = () =>
    keys().whereNull("retired_at").orderBy("created_at", "desc").orderBy("id", "desc").first();
  const previousRow = () =>
    keys().whereNotNull("retired_at").orderBy("retired_at", "desc").orderBy("id", "desc").first();

  async function newRow(): Promise<ToolKeyRow> {
    const { privateKey, publicKey } = await generateRsa("rsa", { modulusLength: 2048 });
    const kid = `cg-${iso(clock.now()).slice(0, 10)}-${randomBytes(8).toString("hex")}`;
    const jwk = publicKey.export({ format: "jwk" });
    const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    return {
      id: kid,
      owner: "system",
      private_key: await secrets.seal(pem, sealContext(kid)),
      public_jwk: JSON.stringify({ n: jwk.n, e: jwk.e }),
      created_at: iso(clock.now()),
      retired_at: null,
    };
  }

  async function ensureCurrent(): Promise<ToolKeyRow> {
    const row = await currentRow();
    if (row) return row;
    // Two instances starting together may both make one; the newest is current, the other unused.
    await keys().insert(await newRow());
    const made = await currentRow();
    if (!made) throw new Error("could not store the LTI tool key");
    return made;
  }

  return {
    /** The key to sign with now (made on first use). */
    async signingKey(): Promise<ToolSigningKey> {
      const row = await ensureCurrent();
      const pem = await secrets.open(row.private_key, sealContext(row.id));
      return { kid: row.id, privateKey: createPrivateKey(pem) };
    },

    /** The current and the previous public key, for `GET /lti/jwks`. */
    async jwks(): Promise<{ keys: ToolJwk[] }> {
      const current = await ensureCurrent();
      const previous = await previousRow();
      return { keys: [current, ...(previous ? [previous] : [])].map(jwkOf) };
    },

    /** A new current key; the current one becomes the previous; older ones are deleted. */
    async rotate(): Promise<{ kid: string; previousKid: string | null }> {
      const fresh = await newRow();
      const at = iso(clock.now());
      return db.transaction(async (trx) => {
        const current = await trx<ToolKeyRow>("lti_tool_keys")
          .whereNull("retired_at")
          .orderBy("created_at", "desc")
          .orderBy("id", "desc")
          .first();
        if (current) {
          await trx("lti_tool_keys").whereNull("retired_at").update({ retired_at: at });
          await trx("lti_tool_keys").whereNot("id", current.id).whereNotNull("retired_at").delete();
        }
        await trx("lti_tool_keys").insert(fresh);
        return { kid: fresh.id, previousKid: current?.id ?? null };
      });
    },
  };
}

export type ToolKeys = ReturnType<typeof createToolKeys>;
