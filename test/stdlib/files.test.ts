// Writing a file whole or not at all: the temp file's name is short and the same for every save
// of a target (so a killed save leaves nothing the next one does not reuse), and every failure
// is a WriteError with the reason in words.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { tempPathFor, TEMP_SUFFIX, WriteError, writeFileAtomic } from "../../stdlib/files.ts";

const dir = mkdtempSync(join(tmpdir(), "dl-files-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function writeError(fn: () => void): WriteError {
  try {
    fn();
  } catch (e) {
    assert.instance(e, WriteError);
    return e as WriteError;
  }
  throw new Error("expected a WriteError");
}

test("a 250-character name is written (the temp name does not add to it), and no temp file remains", () => {
  const path = join(dir, `${"n".repeat(238)}.safetensors`);
  writeFileAtomic(path, "weights");
  assert.is(readFileSync(path, "utf8"), "weights");
  assert.equal(
    readdirSync(dir).filter((f) => f.endsWith(TEMP_SUFFIX)),
    [],
  );
});

test("a name over 255 bytes: a WriteError saying so, nothing left behind", () => {
  const path = join(dir, `${"n".repeat(260)}.safetensors`);
  assert.is(
    writeError(() => writeFileAtomic(path, "x")).message,
    `cannot write ${path}: the file name is too long (most file systems allow 255 bytes)`,
  );
  assert.equal(
    readdirSync(dir).filter((f) => f.startsWith("nnnn") || f.endsWith(TEMP_SUFFIX)),
    [`${"n".repeat(238)}.safetensors`],
  );
});

test("a path with a NUL character: a WriteError, no exception from the file system", () => {
  assert.match(writeError(() => writeFileAtomic(join(dir, "a\0b"), "x")).message, /: the path contains a NUL character$/);
});

test("a missing folder and a folder in the way: the reason in words", () => {
  assert.match(writeError(() => writeFileAtomic(join(dir, "no-such", "m.safetensors"), "x")).message, /its folder does not exist$/);
  mkdirSync(join(dir, "taken"));
  writeFileSync(join(dir, "taken", "keep"), "x");
  assert.match(writeError(() => writeFileAtomic(join(dir, "taken"), "x")).message, /it is a folder$/);
});

test("a read-only folder: `permission denied`, not a raw EACCES (skipped as root, who may write anyway)", () => {
  if (process.getuid?.() === 0) {
    console.log("  skipped: running as root, a read-only folder is writable");
    return;
  }
  const locked = join(dir, "locked");
  mkdirSync(locked);
  chmodSync(locked, 0o500);
  assert.match(writeError(() => writeFileAtomic(join(locked, "m.safetensors"), "x")).message, /: permission denied$/);
  chmodSync(locked, 0o700);
});

test("the temp file of a killed save is the one the next save of the same file reuses", () => {
  const path = join(dir, "again.safetensors");
  writeFileSync(tempPathFor(path), "half a file from a killed save");
  writeFileAtomic(path, "whole");
  assert.is(readFileSync(path, "utf8"), "whole");
  assert.equal(
    readdirSync(dir).filter((f) => f.endsWith(TEMP_SUFFIX)),
    [],
  );
  assert.ok(Buffer.byteLength(tempPathFor(join(dir, "x".repeat(250))).slice(dir.length + 1)) <= 31);
});

test.run();
