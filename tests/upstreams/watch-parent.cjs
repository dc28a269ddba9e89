// Preloaded into every test upstream by node_process.py (`node --require`): the process
// exits when OMNICANAL_PARENT_PID, the test run that started it, is gone, so a run killed
// without its clean-up leaves no server behind.
'use strict';

const parent = Number(process.env.OMNICANAL_PARENT_PID);
if (parent > 0) {
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000);
  timer.unref();
}
