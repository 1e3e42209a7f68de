// Adds lockfile entries for node-llama-cpp's prebuilt packages of other platforms when the registry
// this lockfile was made against does not serve them (then `npm install` leaves them out and
// `npm ci` refuses the lockfile). The entries carry os/cpu, so npm skips them on this platform.
// Run after `npm install` changes package-lock.json: `node scripts/complete-lockfile.mjs`.
import fs from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const llama = lock.packages["node_modules/node-llama-cpp"];
const platformOf = (name) => {
  const [os, arch] = name.split("-");
  return { os: { win: "win32", mac: "darwin", linux: "linux" }[os] ?? os, cpu: arch };
};
let added = 0;
for (const [dep, version] of Object.entries(llama?.optionalDependencies ?? {})) {
  const key = `node_modules/${dep}`;
  if (lock.packages[key]) continue;
  const { os, cpu } = platformOf(dep.replace("@node-llama-cpp/", ""));
  lock.packages[key] = { version, cpu: [cpu], license: "MIT", optional: true, os: [os], engines: { node: ">=20.0.0" } };
  added++;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: ${added} entr${added === 1 ? "y" : "ies"} added`);
