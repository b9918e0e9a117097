// The peer side of bench/calendar: Mozilla ical.js (pinned in package-lock.json) doing the same
// work as Fulcrum's CalendarBench on the same files, printed as JSON.
//
//   node bench.mjs --big big.ics --series series.ics --from 2025-12-31T23:00:00Z --to 2026-12-31T23:00:00Z
//                  [--warmup 5] [--warmup-seconds 3] [--repeat 15] [--only parse,parse+fields,expand] [--dump occurrences.txt]
//
// Each timed run starts from the file's bytes in memory (reading the disk is outside the timings,
// as on Fulcrum's side) and a collected heap (global.gc() before each run, run with --expose-gc).
//   parse         UTF-8 decode, ICAL.parse, new ICAL.Component, every VEVENT as an ICAL.Event,
//                 overrides related to their series through the exceptions option (without it,
//                 each new ICAL.Event scans every VEVENT of the calendar for its exceptions).
//   parse+fields  the same, then reading every field Fulcrum's CalendarDocument.Read reads into
//                 its events (ical.js decodes values lazily; Fulcrum reads them all up front).
//   expand        parse as above, then each series iterated from its DTSTART with
//                 ICAL.Event#iterator() (EXDATEs applied by ical.js) and getOccurrenceDetails
//                 (overrides applied; looked up only from two days before the window) up to
//                 two days past the window's end, keeping each occurrence that overlaps
//                 the window, then sorted by start like Fulcrum's result.
// Allocation is measured in a separate, untimed run of each operation under V8's sampling heap
// profiler with objects collected by minor and major GCs included: an estimate of the bytes
// allocated on the JS heap (the ±2% of a 4 KB sampling interval), which is what Fulcrum's figure
// (GC.GetAllocatedBytesForCurrentThread) counts on its side. `retainedBytes` is the heap the
// result keeps alive (used_heap_size after a full GC, with and without it).
import fs from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import { Session } from 'node:inspector/promises';
import ICAL from 'ical.js';

const icalVersion = JSON.parse(fs.readFileSync(new URL('./node_modules/ical.js/package.json', import.meta.url))).version;

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs, []));
const warmup = Number(args.warmup ?? 5);
const repeat = Number(args.repeat ?? 15);
const warmupSeconds = Number(args['warmup-seconds'] ?? 3);
const from = ICAL.Time.fromJSDate(new Date(args.from), true);
const to = ICAL.Time.fromJSDate(new Date(args.to), true);
// Instances are iterated up to two days past the window's end (an override may move one into it,
// and a zone's offset is less than a day); details are looked up from two days before its start.
const dayKey = (date, days) => {
  const d = new Date(date.getTime() + days * 86400000);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
};
const startDay = dayKey(new Date(args.from), -2);
const stopDay = dayKey(new Date(args.to), 2);

if (typeof globalThis.gc !== 'function') {
  throw new Error('run with node --expose-gc');
}

/** Every VEVENT as an ICAL.Event, overrides related to their series (the exceptions API). */
function readEvents(bytes) {
  const root = new ICAL.Component(ICAL.parse(bytes.toString('utf8')));
  const vevents = root.getAllSubcomponents('vevent');
  const overrides = new Map();
  const events = [];
  for (const vevent of vevents) {
    if (vevent.hasProperty('recurrence-id')) {
      const event = new ICAL.Event(vevent);
      const uid = event.uid;
      if (!overrides.has(uid)) overrides.set(uid, []);
      overrides.get(uid).push(event);
      events.push(event);
    }
  }
  const masters = [];
  for (const vevent of vevents) {
    if (!vevent.hasProperty('recurrence-id')) {
      const uid = vevent.getFirstPropertyValue('uid');
      const event = new ICAL.Event(vevent, { exceptions: overrides.get(uid) ?? [] });
      masters.push(event);
      events.push(event);
    }
  }
  return { root, events, masters };
}

function attendee(property) {
  return {
    address: property.getFirstValue(),
    name: property.getParameter('cn'),
    role: property.getParameter('role'),
    status: property.getParameter('partstat'),
    type: property.getParameter('cutype'),
    rsvp: property.getParameter('rsvp'),
  };
}

/** What Fulcrum's CalendarEvent.From reads, read through ical.js's own accessors. */
function readFields(event) {
  const c = event.component;
  return {
    uid: event.uid,
    start: event.startDate,
    end: c.hasProperty('dtend') ? event.endDate : null,
    duration: c.getFirstPropertyValue('duration'),
    summary: event.summary,
    description: event.description,
    location: event.location,
    status: c.getFirstPropertyValue('status'),
    transparent: c.getFirstPropertyValue('transp') === 'TRANSPARENT',
    organizer: c.getFirstProperty('organizer') ? attendee(c.getFirstProperty('organizer')) : null,
    attendees: c.getAllProperties('attendee').map(attendee),
    categories: c.getAllProperties('categories').flatMap(p => p.getValues()),
    rules: c.getAllProperties('rrule').map(p => p.getFirstValue()),
    rdates: c.getAllProperties('rdate').flatMap(p => p.getValues()),
    exdates: c.getAllProperties('exdate').flatMap(p => p.getValues()),
    recurrenceId: event.recurrenceId ?? null,
    sequence: event.sequence,
  };
}

let sink = 0; // keeps the fields read observable
let lastExpansion = [];

const operations = {
  parse(bytes) {
    return readEvents(bytes).events.length;
  },
  'parse+fields'(bytes) {
    const { events } = readEvents(bytes);
    for (const event of events) {
      sink += readFields(event).attendees.length;
    }
    return events.length;
  },
  expand(bytes) {
    const { masters } = readEvents(bytes);
    const found = [];
    const keep = (event, start, end) => {
      if (start.compare(to) < 0 && (end.compare(from) > 0 || (end.compare(start) === 0 && start.compare(from) >= 0))) {
        found.push({ event, start, end });
      }
    };
    for (const master of masters) {
      if (!master.isRecurring()) {
        keep(master, master.startDate, master.endDate);
        continue;
      }
      const iterator = master.iterator();
      for (let next = iterator.next(); next; next = iterator.next()) {
        // Compared on the wall clock (day keys with two days' margin): ICAL.Time#compare would
        // compute each instance's UTC offset, the dearest step in ical.js.
        const day = next.year * 10000 + next.month * 100 + next.day;
        if (day > stopDay) break;
        if (day < startDay) continue; // before the window: no details needed
        const details = master.getOccurrenceDetails(next);
        keep(details.item, details.startDate, details.endDate);
      }
    }
    const starts = new Map(found.map(o => [o, o.start.toUnixTime()]));
    found.sort((a, b) => starts.get(a) - starts.get(b) || (a.event.uid < b.event.uid ? -1 : a.event.uid > b.event.uid ? 1 : 0));
    lastExpansion = found;
    return found.length;
  },
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function allocated(run, bytes) {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  globalThis.gc();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
  });
  run(bytes);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  await session.post('HeapProfiler.disable');
  session.disconnect();
  let total = 0;
  const walk = node => { total += node.selfSize; node.children.forEach(walk); };
  walk(profile.head);
  return Math.round(total);
}

function retained(bytes) {
  globalThis.gc();
  const before = v8.getHeapStatistics().used_heap_size;
  const kept = readEvents(bytes);
  globalThis.gc();
  const after = v8.getHeapStatistics().used_heap_size;
  return kept.events.length > 0 ? after - before : 0;
}

async function measure(name, file) {
  const bytes = fs.readFileSync(file);
  const run = operations[name];
  // Warm-up: at least `warmup` runs and `warmupSeconds` of them, so V8 has optimised the hot code.
  const warmupStarted = process.hrtime.bigint();
  const count = run(bytes);
  let warmupRuns = 1;
  while (warmupRuns < warmup || Number(process.hrtime.bigint() - warmupStarted) / 1e9 < warmupSeconds) {
    run(bytes);
    warmupRuns++;
  }
  const times = [];
  for (let i = 0; i < repeat; i++) {
    globalThis.gc();
    const started = process.hrtime.bigint();
    const result = run(bytes);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result !== count) throw new Error(`${name}: ${result} then ${count}`);
  }
  return {
    operation: name, file, bytes: bytes.length, count,
    medianMs: round(median(times)), minMs: round(Math.min(...times)), maxMs: round(Math.max(...times)), runs: repeat, warmup: warmupRuns,
    timesMs: times.map(round),
    allocatedBytes: await allocated(run, bytes),
    retainedBytes: name === 'expand' ? null : retained(bytes),
  };
}

const round = x => Math.round(x * 100) / 100;

const only = (args.only ?? 'parse,parse+fields,expand').split(',');
const results = [];
for (const name of only) {
  results.push(await measure(name, name === 'expand' ? args.series : args.big));
}
if (args.dump) {
  // One line per occurrence (UID, start and end in UTC), to compare with Fulcrum's --dump.
  const utc = t => new Date(t.toUnixTime() * 1000).toISOString().replace('.000Z', 'Z');
  fs.writeFileSync(args.dump, lastExpansion.map(o => `${o.event.uid} ${utc(o.start)} ${utc(o.end)}`).sort().join('\n') + '\n');
}
const usage = process.resourceUsage();
console.log(JSON.stringify({
  side: 'ical.js', version: icalVersion, node: process.version, v8: process.versions.v8,
  window: { from: args.from, to: args.to }, peakRssBytes: usage.maxRSS * 1024, cpus: os.cpus().length,
  results,
}, null, 2));
