import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { orderNumberField } from "~/domain/retail/order-number";
import { lookUpOrder } from "~/models/retail/orders.server";
import { grantOrderAccess } from "~/utils/cookies.server";

const schema = z.object({
  number: orderNumberField,
  email: z.string().trim().max(200).email("Enter the email address you used at checkout"),
});

export function loader({ request }: LoaderFunctionArgs) {
  return { number: new URL(request.url).searchParams.get("number")?.slice(0, 20) ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ message: parsed.error.issues[0]!.message }, { status: 400 });
  const ip = typeof context.clientIp === "string" ? context.clientIp : "unknown";
  const found = await lookUpOrder(getDb(), { ...parsed.data, ip });
  if (found.status === "limited") {
    const minutes = Math.ceil(found.retryAfter / 60);
    return data(
      { message: `Too many look-ups that found nothing. Please wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again, or reply to your confirmation email and we'll help.` },
      { status: 429, headers: { "Retry-After": String(found.retryAfter) } },
    );
  }
  // One message for a wrong number or a wrong email, so order numbers can't be probed.
  if (found.status === "not_found") return data({ message: "We couldn't find an order with that number and email." }, { status: 404 });
  return redirect(`/orders/${found.number}`, { headers: { "Set-Cookie": await grantOrderAccess(request, found.id) } });
}

/** A 429 from the action must keep its Retry-After on the rendered page. */
export const headers = ({ actionHeaders, parentHeaders }: { actionHeaders: Headers; parentHeaders: Headers }) => {
  const headers = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export const meta: MetaFunction = () => [{ title: "Find your order · Kriya" }, { name: "description", content: "Follow an order with its number and your email." }];

export default function OrderLookup() {
  const { number } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page narrow">
      <Breadcrumbs items={[{ label: "Home", to: "/" }, { label: "Find your order" }]} />
      <h1>Find your order</h1>
      <p className="lede">Enter the order number from your confirmation email and the email address you used.</p>
      <Form method="post" className="stacked-form" aria-label="Find your order">
        {actionData ? (
          <p className="notice notice-error" role="alert">
            {actionData.message}
          </p>
        ) : null}
        <label>
          Order number <input name="number" defaultValue={number} required placeholder="KR-26-ABCD2345" maxLength={20} autoCapitalize="characters" />
        </label>
        <label>
          Email <input name="email" type="email" required autoComplete="email" maxLength={200} />
        </label>
        <button type="submit" className="button">
          Find order
        </button>
      </Form>
    </div>
  );
}
