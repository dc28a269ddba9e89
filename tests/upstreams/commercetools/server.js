// @labdigital/commercetools-mock as an HTTP server on the loopback, for the omnicanal tests.
//
//   node server.js <port>     (or OMNICANAL_CT_PORT)
//
// Authentication is on, as on commercetools: every API call needs a bearer token from
// POST /oauth/token, and a token the server did not issue is refused with 401. The mock
// hands a token to any client id and secret, so the expected pair (OMNICANAL_CT_CLIENT_ID,
// OMNICANAL_CT_CLIENT_SECRET) is checked here, before its token endpoint, and a wrong pair
// is refused with commercetools' own 401 `invalid_client` answer.
//
// server.py starts it with ../watch-parent.cjs preloaded: it stops by itself when the test
// run is gone.
import { CommercetoolsMock } from "@labdigital/commercetools-mock";
import { addExternalTotalPrices } from "./external_prices.js";
import { strictVersions } from "./strict_versions.js";

const port = Number.parseInt(process.argv[2] ?? process.env.OMNICANAL_CT_PORT ?? "", 10);
if (!Number.isInteger(port) || port <= 0) {
	console.error("usage: node server.js <port>");
	process.exit(2);
}
const projectKey = process.env.OMNICANAL_CT_PROJECT_KEY ?? "omnicanal-test";
const clientId = process.env.OMNICANAL_CT_CLIENT_ID ?? "";
const clientSecret = process.env.OMNICANAL_CT_CLIENT_SECRET ?? "";

const mock = new CommercetoolsMock({
	enableAuthentication: true,
	validateCredentials: true,
	defaultProjectKey: projectKey,
	// Drafts are validated against commercetools' schemas, as the real API does.
	strict: true,
	silent: true,
});
// An update action the mock lacks and the checkout uses (see external_prices.js).
addExternalTotalPrices(mock);
// Inventory and Custom Object writes one at a time, versions checked (strict_versions.js).
strictVersions(mock);

const INVALID_CLIENT =
	"Please provide valid client credentials using HTTP Basic Authentication.";

mock.app.addHook("onRequest", async (request, reply) => {
	if (!clientId || !request.url.startsWith("/oauth/")) {
		return;
	}
	const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
	if (request.headers.authorization !== expected) {
		return reply.status(401).send({
			statusCode: 401,
			message: INVALID_CLIENT,
			errors: [{ code: "invalid_client", message: INVALID_CLIENT }],
			error: "invalid_client",
			error_description: INVALID_CLIENT,
		});
	}
});

for (const signal of ["SIGTERM", "SIGINT"]) {
	process.on(signal, () => {
		mock.app.close().finally(() => process.exit(0));
	});
}

// `runServer()` listens on every interface; the tests need the loopback only.
await mock.app.listen({ port, host: "127.0.0.1" });
console.log(`commercetools-mock listening on http://127.0.0.1:${port} (project ${projectKey})`);
