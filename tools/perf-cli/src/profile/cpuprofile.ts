/**
 * Reading a V8 `.cpuprofile` (what `node --cpu-prof` writes, the format Chrome DevTools and
 * speedscope open) and computing the self time of each function.
 *
 * The profile is a call tree (`nodes`, each a call frame with its children's ids) and a
 * sample stream: `samples[i]` is the id of the node that was on top of the stack at sample
 * i, `timeDeltas[i]` the µs since the previous sample (since `startTime` for the first).
 * A sample stands for the time until the next sample (the last one: until `endTime`), so the
 * self time of a node is the sum of those intervals over its samples, and a function's self
 * time is the sum over its nodes (one function appears under every caller it has).
 */

/** Where a node's code is (V8's `Runtime.CallFrame`; line and column are 0-based). */
export interface CallFrame {
  functionName: string;
  scriptId: string | number;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/** One node of the call tree. */
export interface CpuProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

/** A V8 CPU profile (`Profiler.Profile`); times in µs. */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one function of a profile. */
export interface FunctionSelf {
  functionName: string;
  /** The script's url as V8 wrote it (file:///…, node:internal/…, or empty for VM states). */
  url: string;
  /** 1-based line of the function's start, or null when V8 gives none. */
  line: number | null;
  selfMs: number;
  /** Self time within the samples `selfTimes` was asked to restrict to (`within`), ms. */
  withinMs: number;
}

/** The self times of a profile, largest first. */
export interface SelfTimes {
  /** The time the samples cover, ms (the denominator of every share). */
  totalMs: number;
  /** The part of it whose stack holds a frame `within` accepts, ms (0 without `within`). */
  withinMs: number;
  samples: number;
  functions: FunctionSelf[];
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Parse and check a `.cpuprofile`: an object with `nodes` (each with a numeric `id` and a
 * `callFrame`), `samples` and `timeDeltas` of one length, every sample naming a node.
 * Throws an Error whose message says what is wrong (`source` names the file).
 */
export function parseCpuProfile(text: string, source: string): CpuProfile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source} is not JSON (${(err as Error).message})`);
  }
  const p = doc as Partial<CpuProfile> | null;
  if (!p || typeof p !== 'object' || !Array.isArray(p.nodes) || !Array.isArray(p.samples) || !Array.isArray(p.timeDeltas)) {
    throw new Error(`${source} is not a V8 CPU profile (it needs nodes, samples and timeDeltas)`);
  }
  if (p.samples.length !== p.timeDeltas.length) {
    throw new Error(`${source} has ${p.samples.length} samples but ${p.timeDeltas.length} timeDeltas`);
  }
  if (!isNum(p.startTime) || !isNum(p.endTime)) throw new Error(`${source} has no startTime / endTime`);
  const ids = new Set<number>();
  for (const n of p.nodes) {
    if (!n || !isNum(n.id) || !n.callFrame || typeof n.callFrame.functionName !== 'string' || typeof n.callFrame.url !== 'string') {
      throw new Error(`${source} has a node without an id or a callFrame`);
    }
    ids.add(n.id);
  }
  for (const s of p.samples) if (!ids.has(s)) throw new Error(`${source} has a sample of node ${String(s)}, which is not in its nodes`);
  for (const d of p.timeDeltas) if (!isNum(d)) throw new Error(`${source} has a timeDelta that is not a number`);
  return p as CpuProfile;
}

/**
 * Duration of each sample, µs: from its timestamp to the next sample's (the last: to
 * `endTime`). A negative interval (V8 occasionally records samples out of order) counts 0.
 */
export function sampleDurations(p: CpuProfile): number[] {
  const n = p.samples.length;
  const stamps = new Array<number>(n);
  let t = p.startTime;
  for (let i = 0; i < n; i++) {
    t += p.timeDeltas[i]!;
    stamps[i] = t;
  }
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = Math.max(0, (i + 1 < n ? stamps[i + 1]! : p.endTime) - stamps[i]!);
  return out;
}

/** The key of one function: name, script and start position. */
const functionKey = (f: CallFrame): string => `${f.functionName}\u0000${f.url}\u0000${f.lineNumber}\u0000${f.columnNumber}`;

/**
 * Self time per function, largest first (ties by name). With `within`, `withinMs` of each
 * function (and of the whole) counts only the samples whose stack (the sampled node or an
 * ancestor) holds a frame `within` accepts: e.g. the harness's timed loop.
 */
export function selfTimes(p: CpuProfile, options: { within?: (f: CallFrame) => boolean } = {}): SelfTimes {
  const byId = new Map<number, CpuProfileNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) byId.set(n.id, n);
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const within = options.within;
  const inside = new Map<number, boolean>();
  const isInside = (id: number): boolean => {
    if (!within) return false;
    // Walk up to the first node whose answer is known (iteratively: stacks can be deep).
    const path: number[] = [];
    let cur: number | undefined = id;
    let answer = false;
    while (cur !== undefined) {
      const known = inside.get(cur);
      if (known !== undefined) {
        answer = known;
        break;
      }
      path.push(cur);
      if (within(byId.get(cur)!.callFrame)) {
        answer = true;
        break;
      }
      cur = parent.get(cur);
    }
    // Every node walked is below (or is) the match, or shares the known ancestor's answer.
    for (const x of path) inside.set(x, answer);
    return answer;
  };

  const funcs = new Map<string, FunctionSelf>();
  const durations = sampleDurations(p);
  let total = 0;
  let totalWithin = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]!)!;
    const d = durations[i]!;
    const cf = node.callFrame;
    const key = functionKey(cf);
    let f = funcs.get(key);
    if (!f) {
      f = { functionName: cf.functionName, url: cf.url, line: cf.lineNumber >= 0 ? cf.lineNumber + 1 : null, selfMs: 0, withinMs: 0 };
      funcs.set(key, f);
    }
    f.selfMs += d / 1000;
    total += d;
    if (isInside(node.id)) {
      f.withinMs += d / 1000;
      totalWithin += d;
    }
  }
  const functions = [...funcs.values()].sort((a, b) => b.selfMs - a.selfMs || a.functionName.localeCompare(b.functionName));
  return { totalMs: total / 1000, withinMs: totalWithin / 1000, samples: p.samples.length, functions };
}
