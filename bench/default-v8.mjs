// `apsheet` as bin/apsheet runs it, but with V8's default inlining budget: bin/apsheet narrows it
// (see the comment there), and the bench runs both side by side to show what that is worth.
const { main } = await import("../dist/bundle/apsheet.js");
process.exitCode = await main(process.argv.slice(2));
