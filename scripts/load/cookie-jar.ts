/**
 * The cookies of one simulated browser on one site (the load script's shoppers and the operations tests'): what
 * Set-Cookie stored, sent back as one Cookie header; a cookie cleared by Max-Age=0, a past Expires or an empty
 * value is dropped. Paths, domains and expiry dates are not tracked: every request goes to the one shop.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  get(name: string) {
    return this.cookies.get(name);
  }

  /** The Cookie header to send, or undefined when the jar is empty. */
  header(): string | undefined {
    return this.cookies.size ? [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") : undefined;
  }

  /** Keeps what a response's Set-Cookie headers say. */
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (/max-age=0\b|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
