'use strict';

// Loopback only; the test tooling picks the port. No update check and no start-up banner:
// the machine has no network beyond the package registries.
module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  app: { keys: env.array('APP_KEYS') },
  // Uploads and static files go to the test run's temporary directory, not the project.
  dirs: { public: env('PUBLIC_DIR', './public') },
  logger: {
    updates: { enabled: false },
    startup: { enabled: false },
  },
});
