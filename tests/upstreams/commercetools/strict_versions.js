// Optimistic concurrency on inventory entries and Custom Objects as commercetools documents
// it, which @labdigital/commercetools-mock 4.4.0 only approximates:
//
// - commercetools applies the writes of one resource one after the other; the mock's
//   handlers interleave (both read version n, both write), so two concurrent updates of
//   one entry both succeed. Writes of one entry (or one container/key) are queued here.
// - commercetools checks the `version` of every update request and answers 409
//   ConcurrentModification (with `currentVersion`) when it is not the current one; the mock
//   checks it only when an action changes something, so a `removeQuantity` on an emptied
//   entry passes with a stale version. It is checked here first.
// - a Custom Object draft with a `version` must match the existing object's (so version 0
//   creates only); the mock takes 0 for "no version" and overwrites. Checked here too.
//
// Stock commits and click-and-collect holds rely on these: of two takes of the last unit
// that read the same version exactly one lands, and of two records of one key one is made.

const ENTRY_UPDATE = /^\/([^/]+)\/inventory\/([^/?]+)$/;
const OBJECT_WRITE = /^\/([^/]+)\/custom-objects$/;

export function strictVersions(mock) {
	const queues = new Map();

	// Waits for the writes of `id` before this one; `release` lets the next one go.
	async function queued(request, id) {
		const previous = queues.get(id) ?? Promise.resolve();
		let release;
		const mine = new Promise((resolve) => {
			release = resolve;
		});
		const tail = previous.then(() => mine);
		queues.set(id, tail);
		request.omnicanalRelease = () => {
			release();
			if (queues.get(id) === tail) {
				queues.delete(id);
			}
		};
		await previous;
	}

	function conflict(reply, id, expected, actual) {
		const message = `Object ${id} has a different version than expected. Expected: ${expected} - Actual: ${actual}.`;
		return reply.status(409).send({
			statusCode: 409,
			message,
			errors: [{ code: "ConcurrentModification", message, currentVersion: actual }],
		});
	}

	mock.app.addHook("preHandler", async (request, reply) => {
		if (request.method !== "POST") {
			return;
		}
		const path = request.url.split("?")[0];
		const version = request.body?.version;
		const entry = ENTRY_UPDATE.exec(path);
		if (entry && !entry[2].startsWith("key=")) {
			const [, projectKey, id] = entry;
			await queued(request, `inventory/${id}`);
			const current = await mock._storage.get(projectKey, "inventory-entry", id);
			if (current && Number.isInteger(version) && version !== current.version) {
				return conflict(reply, id, version, current.version);
			}
			return;
		}
		const object = OBJECT_WRITE.exec(path);
		const { container, key } = request.body ?? {};
		if (object && typeof container === "string" && typeof key === "string") {
			await queued(request, `custom-objects/${container}/${key}`);
			const current = await mock._storage.getByContainerAndKey(object[1], container, key);
			if (current && Number.isInteger(version) && version !== current.version) {
				return conflict(reply, current.id, version, current.version);
			}
		}
	});

	const done = async (request) => {
		request.omnicanalRelease?.();
	};
	mock.app.addHook("onResponse", done);
	mock.app.addHook("onRequestAbort", done);
}
