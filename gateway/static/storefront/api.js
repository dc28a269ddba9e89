// The one way this storefront talks to the gateway: POST /graphql with JSON, the context in
// headers (channel, language), a publishable key and the customer's token when there are.

import { settings } from "./settings.js";

export class GraphQLError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join("; "));
    this.codes = errors.map((e) => e.extensions?.code).filter(Boolean);
  }
}

export class UserErrors extends Error {
  constructor(userErrors) {
    super(userErrors.map((e) => e.message).join("; "));
    this.codes = userErrors.map((e) => e.code);
  }
}

function headers() {
  const chosen = settings();
  const sent = {
    "Content-Type": "application/json",
    // Plain JSON: a refusal (CHANNEL_NOT_ALLOWED…) then answers 200 with `errors` to show.
    Accept: "application/json",
    "X-Omnicanal-Channel": chosen.channel,
    "X-Omnicanal-Language": chosen.language,
  };
  if (chosen.key) sent["X-Omnicanal-Key"] = chosen.key;
  if (chosen.token) sent.Authorization = `Bearer ${chosen.token}`;
  return sent;
}

/** The `data` of an operation; any error in the response is thrown. */
export async function graphql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: headers(),
    body: JSON.stringify({ query, variables }),
  });
  let payload;
  try {
    payload = await response.json();
  } catch {
    throw new GraphQLError([{ message: `HTTP ${response.status}` }]);
  }
  if (payload.errors?.length) throw new GraphQLError(payload.errors);
  return payload.data;
}

/** A mutation's payload (`data[field]`); its userErrors are thrown. */
export async function mutate(query, variables, field) {
  const payload = (await graphql(query, variables))[field];
  if (payload.userErrors?.length) throw new UserErrors(payload.userErrors);
  return payload;
}
