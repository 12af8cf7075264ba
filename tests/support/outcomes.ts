import type { Executor } from "../../db/client.server";
import { isRefusal, type Refusal } from "~/domain/platform/refusal";
import { createSession } from "~/models/platform/users.server";
import { writeSessionId } from "~/utils/session.server";

/** How a test reads what a call ended with: the refusal a model threw, the Response a route threw, and a signed-in cookie. */

/** The refusal `work` ends with; anything else it throws is rethrown, and finishing without one fails the test. */
export async function refusalOf(work: () => Promise<unknown>): Promise<Refusal> {
  try {
    await work();
  } catch (error) {
    if (isRefusal(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

/** The Response a loader or action throws (a 4xx page, a redirect); finishing without one fails the test. */
export async function thrownResponse(work: () => Promise<unknown>): Promise<Response> {
  try {
    await work();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

/** A `Cookie` header value for a new session of `userId`, as the browser would send it. */
export async function sessionCookie(db: Executor, userId: number): Promise<string> {
  return (await writeSessionId((await createSession(db, { userId })).id)).split(";")[0]!;
}
