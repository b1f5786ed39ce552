// The program in the URL: deflated with fflate and base64url-encoded in the hash, so a link
// carries the whole program and no server stores anything.
import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";

const PREFIX = "#code=";

export function shareHash(source: string): string {
  const bytes = deflateSync(strToU8(source), { level: 9 });
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return PREFIX + btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The program a hash carries; undefined for another hash or a damaged one. */
export function programFromHash(hash: string): string | undefined {
  if (!hash.startsWith(PREFIX)) return undefined;
  try {
    const binary = atob(hash.slice(PREFIX.length).replaceAll("-", "+").replaceAll("_", "/"));
    return strFromU8(inflateSync(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    return undefined;
  }
}
