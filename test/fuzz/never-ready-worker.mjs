// A worker that never says it is ready, like one whose start stalls: the runner must give up on
// it rather than wait forever.
setInterval(() => undefined, 1000);
