import fc from "fast-check";

// Property tests explore new inputs on every developer run; in CI they replay one fixed seed, so a
// rare counterexample shows up on a developer's machine (with its seed) rather than as a flaky CI.
if (process.env.CI) fc.configureGlobal({ seed: 20261125 });
