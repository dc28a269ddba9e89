'use strict';

const { seed } = require('./seed');

// Test tooling hooks, driven by environment variables set by server.py: OMNICANAL_SEED_FILE
// (JSON written by seed.py) and OMNICANAL_API_TOKEN (the key of a read-only Content API
// token). Stopping when the test process is gone is ../../watch-parent.cjs's job, preloaded
// by server.py.
module.exports = {
  register() {},

  async bootstrap({ strapi }) {
    const started = Date.now();
    if (process.env.OMNICANAL_SEED_FILE) {
      await seed(strapi, process.env.OMNICANAL_SEED_FILE);
    }
    if (process.env.OMNICANAL_API_TOKEN) {
      await ensureApiToken(strapi, process.env.OMNICANAL_API_TOKEN);
    }
    if (process.env.OMNICANAL_WEBHOOK_URL) {
      registerWebhook(strapi, process.env.OMNICANAL_WEBHOOK_URL, process.env.OMNICANAL_WEBHOOK_TOKEN);
    }
    strapi.log.info(`omnicanal: bootstrap done in ${Date.now() - started} ms`);
  },
};

// The token service draws a random key; the tests must know it, so the key is replaced by
// the one from the environment, hashed and encrypted the way the service stores its own.
async function ensureApiToken(strapi, key) {
  const name = 'omnicanal-tests';
  const tokens = strapi.service('admin::api-token');
  const existing = await strapi.db.query('admin::api-token').findOne({ where: { name } });
  const token =
    existing ??
    (await tokens.create({ name, description: 'omnicanal connector tests', type: 'read-only' }));
  await strapi.db.query('admin::api-token').update({
    where: { id: token.id },
    data: {
      accessKey: tokens.hash(key),
      encryptedKey: strapi.service('admin::encryption').encrypt(key),
    },
  });
}

// A webhook to the gateway under test, registered with the runner only (not stored): the
// admin API refuses loopback URLs in production mode, and the test picks the port.
function registerWebhook(strapi, url, token) {
  strapi.get('webhookRunner').add({
    id: 'omnicanal-gateway',
    name: 'omnicanal gateway',
    url,
    headers: { Authorization: `Bearer ${token}` },
    events: ['entry.create', 'entry.update', 'entry.delete', 'entry.publish', 'entry.unpublish'],
    isEnabled: true,
  });
}
