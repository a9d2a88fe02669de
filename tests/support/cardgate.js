#!/usr/bin/env node
// Card gate worker: parses and validates Adaptive Cards with the official renderer
// (npm `adaptivecards`) the way a host limited to card version 1.5 (Teams) would.
//
// Protocol (line-delimited JSON, one object per line, UTF-8):
//   started   -> {"ready": true, "adaptivecards": "<version>"}
//                or {"fatal": "<reason>"} and exit code 2 when the library cannot be loaded
//   stdin     <- {"id": <n>, "card": {...}}
//   stdout    -> {"id": <n>, "events": [{"phase", "event", "message", "type", "elementId"}]}
//                or {"id": <n>, "error": "<reason>"} when the request itself is broken
// The process lives for a whole test session; it exits when stdin closes.
//
// Usage: node cardgate.js [path/to/adaptivecards.min.js]
// Without an argument the library is looked up in <repo root>/node_modules, the repo root
// being two levels above this file (tests/support/).
"use strict";

const path = require("path");
const readline = require("readline");

// stdout carries the protocol only: anything the library logs goes to stderr instead,
// so a stray console.warn can never corrupt a response line.
for (const name of ["log", "info", "warn", "debug"]) {
    console[name] = (...args) => process.stderr.write(args.map(String).join(" ") + "\n");
}

function send(obj) {
    process.stdout.write(JSON.stringify(obj) + "\n");
}

// The UMD bundle, not `lib/`: `lib/` is ES modules with extension-less imports that Node
// refuses to load, while the bundle loads with plain require() and needs no DOM for
// parse() and validateProperties() (only render() touches `document`).
const libraryPath = process.argv[2]
    ? path.resolve(process.argv[2])
    : path.resolve(__dirname, "..", "..", "node_modules", "adaptivecards", "dist", "adaptivecards.min.js");

let AC;
let libraryVersion = "unknown";
try {
    AC = require(libraryPath);
    try {
        libraryVersion = require(path.join(path.dirname(libraryPath), "..", "package.json")).version;
    } catch (_) {
        // The version is informational only.
    }
} catch (err) {
    send({ fatal: `cannot load ${libraryPath}: ${err && err.message ? err.message : err}` });
    process.exit(2);
}

// Teams renders cards up to 1.5: parse as a 1.5 host so that properties introduced later
// produce UnsupportedProperty events and card versions above 1.5 UnsupportedCardVersion.
const TARGET_VERSION = AC.Versions.v1_5;

function describe(phase, event, message, source) {
    let type;
    let elementId;
    if (source && typeof source.getJsonTypeName === "function") {
        type = source.getJsonTypeName();
        elementId = source.id;
    }
    return {
        phase: AC.ValidationPhase[phase] || String(phase),
        event: AC.ValidationEvent[event] || String(event),
        message,
        type,
        elementId,
    };
}

function check(json) {
    const context = new AC.SerializationContext(TARGET_VERSION);
    const card = new AC.AdaptiveCard();
    // maxVersion drives the UnsupportedCardVersion check in validateProperties().
    card.maxVersion = TARGET_VERSION;
    card.parse(json, context);

    const events = [];
    for (let i = 0; i < context.eventCount; i++) {
        const e = context.getEventAt(i);
        events.push(describe(e.phase, e.event, e.message, e.source));
    }
    // Validation finds what parsing cannot: duplicate ids, inputs without id, required
    // inputs without label or error message, unsupported card version.
    const results = card.validateProperties();
    for (const e of results.validationEvents) {
        events.push(describe(e.phase, e.event, e.message, e.source));
    }
    return events;
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
    if (!line.trim()) {
        return;
    }
    let request;
    try {
        request = JSON.parse(line);
    } catch (err) {
        send({ id: null, error: `request is not JSON: ${err.message}` });
        return;
    }
    try {
        send({ id: request.id, events: check(request.card) });
    } catch (err) {
        send({ id: request.id, error: `renderer threw: ${err && err.stack ? err.stack : err}` });
    }
});
lines.on("close", () => process.exit(0));

send({ ready: true, adaptivecards: libraryVersion });
