/**
 * The load script's browser: one cookie jar per virtual shopper, plain requests as a browser without JavaScript
 * sends them (forms as application/x-www-form-urlencoded, redirects not followed, so each one is a step of its own).
 *
 * Every shopper sends its own X-Forwarded-For address. The server keys its per-client limits (checkout holds per
 * address, sign-in attempts) on the client address, and 200 shoppers from 127.0.0.1 would be one client to it; the
 * server under load is started with TRUST_PROXY=loopback, so it believes the header from loopback only.
 */

import { CookieJar } from "./cookie-jar";

export type Answer = { status: number; location: string | null; body: string; ms: number };

export class LoadClient {
  private readonly cookies = new CookieJar();
  constructor(
    private readonly baseUrl: string,
    private readonly forwardedFor: string,
    private readonly timeoutMs = 30_000,
  ) {}

  /** One request, its body read whole; `ms` is the time until the last byte. Throws on a timeout or a dropped connection. */
  async request(path: string, form?: Record<string, string> | [string, string][]): Promise<Answer> {
    const headers: Record<string, string> = { "x-forwarded-for": this.forwardedFor, "accept-encoding": "gzip, br", "accept-language": "en-GB,en;q=0.8" };
    const cookie = this.cookies.header();
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      // A browser's form post names its origin; the server refuses any other.
      headers.origin = new URL(this.baseUrl).origin;
      body = new URLSearchParams(form).toString();
    }
    const started = performance.now();
    const response = await fetch(new URL(path, this.baseUrl), {
      method: form ? "POST" : "GET",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    this.cookies.store(response);
    const text = await response.text();
    return { status: response.status, location: response.headers.get("location"), body: text, ms: performance.now() - started };
  }
}

const entities: Record<string, string> = { amp: "&", quot: '"', lt: "<", gt: ">", apos: "'", nbsp: "\u00a0" };
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === "#") return String.fromCodePoint(code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : Number(code.slice(1)));
    return entities[code.toLowerCase()] ?? whole;
  });
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    found.set(m[1]!.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ""));
  }
  return found;
}

/**
 * What a browser would submit from the first form whose opening tag matches `opening` (e.g. aria-label="Product"),
 * as the page stands: its fields, and those elsewhere that name it with form="id"; checkboxes and radios only when
 * checked, each select's selected option (else its first), textareas. Submit buttons are left out: add the one
 * pressed. Null when the page has no such form.
 */
export function formFields(page: string, opening: RegExp): [string, string][] | null {
  const tag = [...page.matchAll(/<form\b[^>]*>/gi)].find((m) => opening.test(m[0]));
  if (!tag) return null;
  const formStart = tag.index;
  const closing = page.indexOf("</form>", formStart);
  const formEnd = closing < 0 ? page.length : closing;
  const formId = attributes(tag[0]).get("id");
  const fields: [string, string][] = [];
  for (const m of page.matchAll(/<(input|select|textarea)\b([^>]*)>([\s\S]*?)(?=<(?:input|select|textarea|\/select|\/textarea)\b|$)/gi)) {
    const kind = m[1]!.toLowerCase();
    const attrs = attributes(m[2]!);
    const owner = attrs.get("form");
    const inside = m.index > formStart && m.index < formEnd;
    if (owner !== undefined ? owner !== formId : !inside) continue;
    const name = attrs.get("name");
    if (!name || attrs.has("disabled")) continue;
    if (kind === "input") {
      const type = (attrs.get("type") ?? "text").toLowerCase();
      if (["submit", "button", "image", "reset", "file"].includes(type)) continue;
      if ((type === "checkbox" || type === "radio") && !attrs.has("checked")) continue;
      fields.push([name, attrs.get("value") ?? (type === "checkbox" || type === "radio" ? "on" : "")]);
    } else if (kind === "textarea") {
      fields.push([name, decodeEntities((/^([^<]*)/.exec(m[3]!)?.[1] ?? "").replace(/^\n/, ""))]);
    } else {
      const options = [...m[3]!.matchAll(/<option\b([^>]*)>([^<]*)/gi)].map((o) => ({ attrs: attributes(o[1]!), text: decodeEntities(o[2]!) }));
      const chosen = options.find((o) => o.attrs.has("selected")) ?? options[0];
      if (chosen) fields.push([name, chosen.attrs.get("value") ?? chosen.text]);
    }
  }
  return fields;
}

/** Every distinct match of `pattern`'s first group in `html`. */
export function allMatches(html: string, pattern: RegExp): string[] {
  return [...new Set([...html.matchAll(pattern)].map((m) => m[1]!))];
}
