/**
 * A real SMTP server on 127.0.0.1 and a random port, for tests: it records every message it accepts, parsed, and
 * can be told to refuse recipients (a 451 "try again later", as a busy server answers), or to stall: read a
 * message's DATA and hold the answer, so a test can kill the sender while it waits for the 250.
 *
 *   const smtp = await startFakeSmtp();
 *   process.env.SMTP_URL = smtp.url;
 */
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ArrivedEmail = { user: string | null; envelopeTo: string[]; from: string; to: string; subject: string; text: string; html: string; messageId: string };

export type FakeSmtp = {
  /** smtp://user:password@127.0.0.1:port, with credentials the server checks. */
  url: string;
  port: number;
  /** Every accepted message, in order. */
  arrived: ArrivedEmail[];
  /** While true, every recipient is refused with 451. */
  refusing: boolean;
  /** While true, a message's DATA is read in full but not answered (neither accepted nor refused) until released. */
  stallData: boolean;
  /** How many messages are being held unanswered right now. */
  readonly stalled: number;
  /** Answers every held message: accepted (then recorded in `arrived`) or refused with a 451. */
  releaseStalled(answer: "accept" | "refuse"): void;
  close(): Promise<void>;
};

const USER = "kriya";
const PASSWORD = "smtp-test-password";

export async function startFakeSmtp(): Promise<FakeSmtp> {
  const arrived: ArrivedEmail[] = [];
  const held: { accept: () => void; refuse: () => void }[] = [];
  const fake = { refusing: false, stallData: false } as FakeSmtp;
  const server = new SMTPServer({
    // Plain text on loopback: no self-signed certificate for the client to distrust.
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
      callback(new Error("Invalid username or password"));
    },
    onRcptTo(address, _session, callback) {
      if (fake.refusing) return callback(Object.assign(new Error(`Mailbox of ${address.address} is busy, try again later`), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const accept = () => {
            arrived.push({
              user: typeof session.user === "string" ? session.user : null,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: mail.from?.text ?? "",
              to: [mail.to ?? []].flat().map((a) => a.text).join(", "),
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              html: typeof mail.html === "string" ? mail.html : "",
              messageId: mail.messageId ?? "",
            });
            callback();
          };
          if (!fake.stallData) return accept();
          held.push({ accept, refuse: () => callback(Object.assign(new Error("Stalled message dropped, try again later"), { responseCode: 451 })) });
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  // A getter: Object.assign below would copy its value once.
  Object.defineProperty(fake, "stalled", { get: () => held.length });
  return Object.assign(fake, {
    url: `smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`,
    port,
    arrived,
    releaseStalled(answer: "accept" | "refuse") {
      for (const message of held.splice(0)) {
        try {
          message[answer]();
        } catch {
          // the sender already hung up
        }
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
