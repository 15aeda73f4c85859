import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";

const ISSUER = "Codeground";
/** One step either side: clocks on phones drift. */
const TOLERANCE_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

export async function totpProvisioning(secret: string, account: string) {
  const otpauthUrl = generateURI({ issuer: ISSUER, label: account, secret });
  const qrSvg = await QRCode.toString(otpauthUrl, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return { otpauthUrl, qrSvg };
}

/**
 * Checks a code and returns the time step it matched, or undefined. A step at or before
 * `afterStep` (the last one accepted) is refused: a code works once.
 */
export async function checkTotp(
  secret: string,
  code: string,
  nowMs: number,
  afterStep?: number | null,
): Promise<number | undefined> {
  if (!/^[0-9]{6}$/.test(code)) return undefined;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterStep != null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && "timeStep" in result ? result.timeStep : undefined;
}
