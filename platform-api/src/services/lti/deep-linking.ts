import { randomBytes } from "node:crypto";
import { Slug } from "@codeground/sdk";
import { SignJWT } from "jose";
import type { Knex } from "knex";
import { z } from "zod";
import { type Clock, iso } from "../shared/clock.js";
import type { ValidatedLaunch } from "./launch-claims.js";
import { CUSTOM_ASSIGNMENT, CUSTOM_COURSE, CUSTOM_PROBLEM, type LaunchOutcome } from "./launch-outcome.js";
import { sha256 } from "./login.js";
import { refuse } from "./lti-refusal.js";
import type { Registrations } from "./registrations.js";
import type { ToolKeys } from "./tool-keys.js";

const CLAIM = "https://purl.imsglobal.org/spec/lti/claim/";
const DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/";

/** How long an instructor may take to choose, from the launch to the form post. */
export const SELECTION_TTL_MS = 60 * 60_000;
/** How long the signed response is valid: the browser posts it to the platform at once. */
const RESPONSE_TTL_S = 5 * 60;
/** Points a line item may carry: more than zero, at most this, at most two decimals. */
export const MAX_POINTS = 100_000;
/** Points a single problem gets unless the instructor says otherwise. */
export const DEFAULT_PROBLEM_POINTS = 100;
/** Items one response may carry. */
export const MAX_ITEMS = 50;
/**
 * Problems the picker lists (the course's own first, then public ones by title): with a points
 * field each, the form stays below the 1000 fields the form parser reads even where the page's
 * script, which sends only the chosen items' points, does not run.
 */
export const MAX_LISTED_PROBLEMS = 300;

/**
 * Refusals of the picker's form that an honest person can cause (nothing chosen, several where one
 * is taken, points out of range): the picker is shown again with the message, the selection open.
 */
export const CORRECTABLE_REASONS: ReadonlySet<string> = new Set([
  "selection_empty",
  "selection_multiple",
  "points_invalid",
  "points_out_of_range",
]);

/** What a deep linking request's settings allow, as the tool keeps them for the answer. */
export interface DeepLinkingSettings {
  returnUrl: string;
  /** The platform's opaque `data`, echoed back unchanged (absent: none sent). */
  data: string | null;
  acceptMultiple: boolean;
  acceptLineItem: boolean;
  /** Presentation targets the platform accepts (`iframe`, `window`, `embed`). */
  targets: string[];
}

const SettingsClaim = z.object({
  deep_link_return_url: z
    .string()
    .max(2048)
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), "not an http(s) URL"),
  accept_types: z.array(z.string()).max(50),
  accept_presentation_document_targets: z.array(z.string()).max(50).optional(),
  accept_multiple: z.boolean().optional(),
  accept_lineitem: z.boolean().optional(),
  data: z.string().max(4096).optional(),
});

const StoredSettings = z.object({
  acceptMultiple: z.boolean(),
  acceptLineItem: z.boolean(),
  targets: z.array(z.string()),
});

/** Someone the LMS lets add content: its instructors and teaching assistants. */
const isStaff = (launch: ValidatedLaunch) => launch.courseRole === "instructor" || launch.courseRole === "ta";

/**
 * A deep linking request's checks before anything is made for it: staff only, settings that say
 * where to answer, and a platform that takes LTI resource links there.
 */
export function readDeepLinkingRequest(launch: ValidatedLaunch): DeepLinkingSettings {
  const regId = launch.registration.id;
  if (!isStaff(launch)) {
    throw refuse(
      403,
      "deep_linking_not_staff",
      "Only instructors and teaching assistants can choose Codeground content for the course.",
      regId,
    );
  }
  const parsed = SettingsClaim.safeParse(launch.deepLinkingSettings);
  if (!parsed.success) {
    throw refuse(
      400,
      "deep_linking_settings_invalid",
      "The platform's deep linking request has no usable settings (a return URL and the accepted content types).",
      regId,
    );
  }
  const s = parsed.data;
  if (!s.accept_types.includes("ltiResourceLink")) {
    throw refuse(
      400,
      "deep_linking_type_not_accepted",
      "The platform does not accept LTI resource links here, the only content Codeground offers.",
      regId,
    );
  }
  return {
    returnUrl: s.deep_link_return_url,
    data: s.data ?? null,
    // The spec's defaults when the platform leaves them out: several items, line items honoured.
    acceptMultiple: s.accept_multiple ?? true,
    acceptLineItem: s.accept_lineitem ?? true,
    targets: s.accept_presentation_document_targets ?? [],
  };
}

export interface PickerProblem {
  slug: string;
  title: string;
  difficulty: string;
  /** A problem of this course (private to it) rather than a public one. */
  ofCourse: boolean;
}

export interface PickerAssignment {
  id: string;
  title: string;
  problemCount: number;
  totalPoints: number;
  dueAt: string | null;
}

export interface PickerCatalog {
  problems: PickerProblem[];
  /** Whether more public problems exist than the picker lists. */
  problemsTruncated: boolean;
  assignments: PickerAssignment[];
}

/** What the picker page shows and where its form posts. */
export interface OpenedSelection {
  selectionId: string;
  courseId: string;
  courseName: string;
  settings: DeepLinkingSettings;
  catalog: PickerCatalog;
}

/** A content item chosen: what it names, its title and, when line items are accepted, its points. */
export interface ChosenItem {
  kind: "problem" | "assignment";
  /** The problem's slug or the assignment's id. */
  ref: string;
  title: string;
  points: number | null;
}

/** Who may frame the deep linking pages: the platform's origins and the LMS page's. */
export interface DeepLinkingFrame {
  platformOrigins: string[];
  lmsOrigin: string | null;
}

/** The signed answer and where the browser posts it. */
export interface DeepLinkingAnswer {
  returnUrl: string;
  jwt: string;
  items: ChosenItem[];
  courseId: string;
  registrationId: string;
  frame: DeepLinkingFrame;
}

interface SelectionRow {
  id_hash: string;
  registration_id: string;
  deployment_id: string;
  course_id: string;
  lti_user_id: string | null;
  return_url: string;
  data: string | null;
  settings: string;
  lms_origin: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** The values of a form field that may come once, several times, or (past qs's array limit) as an object. */
function valuesOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (value && typeof value === "object") return Object.values(value);
  return [value];
}

/**
 * Points as typed: a plain decimal number above zero, at most `MAX_POINTS`, at most two decimals.
 * Anything else (negative, huge, exponents, words) is refused, not clamped: the page only sends
 * such values when someone edited the request.
 */
function pointsOf(raw: unknown, title: string, regId: string): number {
  const text = typeof raw === "string" ? raw.trim() : "";
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(text)) {
    throw refuse(
      400,
      "points_invalid",
      `The points for “${title}” must be a number above 0 with at most two decimals.`,
      regId,
    );
  }
  const points = Number(text);
  if (!(points > 0) || points > MAX_POINTS) {
    throw refuse(
      400,
      "points_out_of_range",
      `The points for “${title}” must be above 0 and at most ${MAX_POINTS}.`,
      regId,
    );
  }
  return points;
}

/** The form's name for an item's points field. */
export const pointsField = (item: string) => `points:${item}`;

/**
 * LTI Deep Linking 2.0 on the tool's side: a staff member's deep linking launch opens a selection
 * (short-lived, single use, kept by the sha-256 of an unguessable id that only the picker's form
 * action carries); the form's post names problems or assignments of the launch's course with
 * points, and the answer is an `LtiDeepLinkingResponse` signed with the tool's current key.
 */
export function createDeepLinking({
  db,
  clock,
  toolKeys,
  registrations,
  publicUrl,
}: {
  db: Knex;
  clock: Clock;
  toolKeys: ToolKeys;
  registrations: Registrations;
  publicUrl: string;
}) {
  const launchUrl = `${publicUrl.replace(/\/+$/, "")}/lti/launch`;
  const now = () => iso(clock.now());

  async function catalogOf(courseId: string): Promise<PickerCatalog> {
    const problemRows = await db("problems")
      .where((q) => q.where({ visibility: "public" }).orWhere({ course_id: courseId }))
      // The course's own problems first.
      .orderByRaw("CASE WHEN course_id = ? THEN 0 ELSE 1 END", [courseId])
      .orderBy("title")
      .orderBy("slug")
      .limit(MAX_LISTED_PROBLEMS + 1)
      .select("slug", "title", "difficulty", "course_id");
    const assignmentRows = await db("assignments")
      .where({ course_id: courseId })
      .orderBy("position")
      .orderBy("created_at")
      .select("id", "title", "problems", "due_at");
    return {
      problems: problemRows.slice(0, MAX_LISTED_PROBLEMS).map((p) => ({
        slug: String(p.slug),
        title: String(p.title),
        difficulty: String(p.difficulty),
        ofCourse: p.course_id === courseId,
      })),
      problemsTruncated: problemRows.length > MAX_LISTED_PROBLEMS,
      assignments: assignmentRows.map((a) => {
        const problems = JSON.parse(String(a.problems)) as { slug: string; points: number }[];
        return {
          id: String(a.id),
          title: String(a.title),
          problemCount: problems.length,
          totalPoints: problems.reduce((sum, p) => sum + (Number(p.points) || 0), 0),
          dueAt: a.due_at ? String(a.due_at) : null,
        };
      }),
    };
  }

  const frameOf = (registration: { authLoginUrl: string; issuer: string }, row: SelectionRow) => ({
    platformOrigins: [new URL(registration.authLoginUrl).origin, new URL(registration.issuer).origin],
    lmsOrigin: row.lms_origin,
  });

  /** The row a selection id names, refused when unknown, used or expired. */
  async function selectionOf(selectionId: string): Promise<SelectionRow> {
    const row =
      selectionId.length >= 20 && selectionId.length <= 100
        ? await db<SelectionRow>("lti_deep_link_selections")
            .where({ id_hash: sha256(selectionId) })
            .first()
        : undefined;
    if (!row) {
      throw refuse(
        404,
        "selection_unknown",
        "This content selection is not known to Codeground. Start again from the course's content selection in the LMS.",
      );
    }
    if (row.used_at !== null) {
      throw refuse(
        410,
        "selection_used",
        "This content selection was already sent to the LMS. Start again from the LMS to add more.",
        row.registration_id,
      );
    }
    if (row.expires_at <= now()) {
      throw refuse(
        410,
        "selection_expired",
        "This content selection has expired. Start again from the course's content selection in the LMS.",
        row.registration_id,
      );
    }
    return row;
  }

  /** The chosen items, checked against the selection's course and settings. */
  async function chosenItems(
    row: SelectionRow,
    settings: z.infer<typeof StoredSettings>,
    form: Record<string, unknown>,
  ): Promise<ChosenItem[]> {
    const regId = row.registration_id;
    const picked = [...new Set(valuesOf(form.item))];
    if (picked.some((v) => typeof v !== "string") || picked.length > MAX_ITEMS) {
      throw refuse(400, "selection_malformed", "The content selection could not be read.", regId);
    }
    if (picked.length === 0) {
      throw refuse(
        400,
        "selection_empty",
        "Nothing was chosen. Choose an assignment or problems to add, or cancel.",
        regId,
      );
    }
    if (picked.length > 1 && !settings.acceptMultiple) {
      throw refuse(
        400,
        "selection_multiple",
        "The LMS takes one item here: choose one assignment or one problem.",
        regId,
      );
    }
    const items: ChosenItem[] = [];
    for (const value of picked as string[]) {
      const [kind, ref] = [value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1)];
      // The item first (another course's is refused as such), then its points.
      const points = (title: string) =>
        settings.acceptLineItem ? pointsOf(valuesOf(form[pointsField(value)])[0], title, regId) : null;
      if (kind === "assignment") {
        const found = /^[0-9a-f-]{36}$/i.test(ref)
          ? await db("assignments").where({ id: ref }).first("id", "course_id", "title")
          : undefined;
        if (!found || found.course_id !== row.course_id) {
          throw refuse(
            403,
            "foreign_assignment",
            "The selection names an assignment of another course.",
            regId,
          );
        }
        items.push({
          kind,
          ref: String(found.id),
          title: String(found.title),
          points: points(String(found.title)),
        });
      } else if (kind === "problem") {
        const slug = Slug.safeParse(ref);
        const found = slug.success
          ? await db("problems")
              .where({ slug: slug.data })
              .where((q) => q.where({ visibility: "public" }).orWhere({ course_id: row.course_id }))
              .first("slug", "title")
          : undefined;
        if (!found) {
          throw refuse(
            403,
            "foreign_problem",
            "The selection names a problem that is not part of this course.",
            regId,
          );
        }
        items.push({
          kind,
          ref: String(found.slug),
          title: String(found.title),
          points: points(String(found.title)),
        });
      } else {
        throw refuse(400, "selection_malformed", "The content selection could not be read.", regId);
      }
    }
    return items;
  }

  /** An item as an LTI resource link content item (Deep Linking 2.0 §3.2). */
  function contentItem(item: ChosenItem, courseId: string, targets: string[]) {
    const presentation = targets.includes("iframe")
      ? { iframe: { width: 1100, height: 800 } }
      : targets.includes("window")
        ? { window: { targetName: "codeground" } }
        : {};
    return {
      type: "ltiResourceLink",
      title: item.title,
      url: launchUrl,
      custom: {
        [CUSTOM_COURSE]: courseId,
        [item.kind === "problem" ? CUSTOM_PROBLEM : CUSTOM_ASSIGNMENT]: item.ref,
      },
      ...(item.points !== null
        ? {
            lineItem: {
              scoreMaximum: item.points,
              label: item.title,
              resourceId: `${item.kind}:${item.ref}`,
              tag: "codeground",
            },
          }
        : {}),
      ...presentation,
    };
  }

  return {
    catalogOf,

    /** An open selection's picker again (after a correctable refusal of its form). */
    async reopen(selectionId: string): Promise<{ opened: OpenedSelection; frame: DeepLinkingFrame }> {
      const row = await selectionOf(selectionId);
      const registration = await registrations.byId(row.registration_id);
      if (!registration) {
        throw refuse(404, "selection_unknown", "This platform is no longer registered with Codeground.");
      }
      const stored = StoredSettings.parse(JSON.parse(row.settings));
      const course = await db("courses").where({ id: row.course_id }).first("name");
      return {
        opened: {
          selectionId,
          courseId: row.course_id,
          courseName: String(course?.name ?? ""),
          settings: { ...stored, returnUrl: row.return_url, data: row.data },
          catalog: await catalogOf(row.course_id),
        },
        frame: frameOf(registration, row),
      };
    },

    /** A launch that asked for content: its selection opened, and what the picker lists. */
    async open(outcome: LaunchOutcome, settings: DeepLinkingSettings): Promise<OpenedSelection> {
      const { launch } = outcome;
      const selectionId = randomBytes(32).toString("base64url");
      await db("lti_deep_link_selections").where("expires_at", "<", now()).delete();
      await db("lti_deep_link_selections").insert({
        id_hash: sha256(selectionId),
        registration_id: launch.registration.id,
        deployment_id: launch.deploymentId,
        course_id: outcome.courseId,
        lti_user_id: outcome.ltiUserId,
        return_url: settings.returnUrl,
        data: settings.data,
        settings: JSON.stringify({
          acceptMultiple: settings.acceptMultiple,
          acceptLineItem: settings.acceptLineItem,
          targets: settings.targets,
        }),
        lms_origin: launch.lmsOrigin,
        created_at: now(),
        expires_at: iso(clock.now() + SELECTION_TTL_MS),
        used_at: null,
      });
      return {
        selectionId,
        courseId: outcome.courseId,
        courseName: outcome.courseName,
        settings,
        catalog: await catalogOf(outcome.courseId),
      };
    },

    /**
     * The picker's form post: the selection checked (known, unused, unexpired), the items checked
     * against its course, the selection used up, and the response signed. `cancel` answers with no
     * items, as the spec has a tool do when the person chose nothing.
     */
    async respond(selectionId: string, form: Record<string, unknown>): Promise<DeepLinkingAnswer> {
      const row = await selectionOf(selectionId);
      const registration = await registrations.byId(row.registration_id);
      if (!registration) {
        throw refuse(404, "selection_unknown", "This platform is no longer registered with Codeground.");
      }
      const settings = StoredSettings.parse(JSON.parse(row.settings));
      const cancelled = form.action === "cancel";
      const items = cancelled ? [] : await chosenItems(row, settings, form);
      const used = await db("lti_deep_link_selections")
        .where({ id_hash: row.id_hash })
        .whereNull("used_at")
        .update({ used_at: now() });
      if (used !== 1) {
        throw refuse(
          410,
          "selection_used",
          "This content selection was already sent to the LMS. Start again from the LMS to add more.",
          row.registration_id,
        );
      }
      const key = await toolKeys.signingKey();
      const issuedAt = Math.floor(clock.now() / 1000);
      const message = cancelled
        ? "No Codeground content was added."
        : `Added ${items.length} Codeground item${items.length === 1 ? "" : "s"}.`;
      const jwt = await new SignJWT({
        nonce: randomBytes(16).toString("base64url"),
        [`${CLAIM}message_type`]: "LtiDeepLinkingResponse",
        [`${CLAIM}version`]: "1.3.0",
        [`${CLAIM}deployment_id`]: row.deployment_id,
        [`${DL_CLAIM}content_items`]: items.map((item) => contentItem(item, row.course_id, settings.targets)),
        [`${DL_CLAIM}msg`]: message,
        ...(row.data !== null ? { [`${DL_CLAIM}data`]: row.data } : {}),
      })
        .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
        .setIssuer(registration.clientId)
        .setAudience(registration.issuer)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + RESPONSE_TTL_S)
        .sign(key.privateKey);
      return {
        returnUrl: row.return_url,
        jwt,
        items,
        courseId: row.course_id,
        registrationId: registration.id,
        frame: frameOf(registration, row),
      };
    },
  };
}

export type DeepLinking = ReturnType<typeof createDeepLinking>;
