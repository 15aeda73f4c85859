// biome-ignore-all lint/suspicious/noExplicitAny: learner code needs permissive Node.js globals without @types/node
// Minimal, permissive declarations of the Node.js globals that exercise
// solutions use. The sandbox image has no @types/node, so this file is passed
// to tsc next to the learner's sources. Anything not listed here can still be
// reached through `require(...)`, which returns `any`.

declare function require(id: string): any;

declare var module: { exports: any; [key: string]: any };
declare var exports: any;
declare var __dirname: string;
declare var __filename: string;

interface CgReadable {
  fd?: number;
  isTTY?: boolean;
  on(event: string, listener: (...args: any[]) => void): this;
  once(event: string, listener: (...args: any[]) => void): this;
  setEncoding(encoding: string): this;
  read(size?: number): any;
  resume(): this;
  pause(): this;
  [Symbol.asyncIterator](): AsyncIterableIterator<any>;
  [key: string]: any;
}

interface CgWritable {
  fd?: number;
  isTTY?: boolean;
  write(chunk: any, encodingOrCallback?: any, callback?: (err?: any) => void): boolean;
  end(chunk?: any, encodingOrCallback?: any, callback?: () => void): this;
  on(event: string, listener: (...args: any[]) => void): this;
  [key: string]: any;
}

declare var process: {
  argv: string[];
  env: { [name: string]: string | undefined };
  exitCode: number | undefined;
  exit(code?: number): never;
  stdin: CgReadable;
  stdout: CgWritable;
  stderr: CgWritable;
  hrtime: { (time?: [number, number]): [number, number]; bigint(): bigint };
  memoryUsage(): {
    rss: number;
    heapTotal: number;
    heapUsed: number;
    external: number;
    [key: string]: number;
  };
  nextTick(callback: (...args: any[]) => void, ...args: any[]): void;
  on(event: string, listener: (...args: any[]) => void): any;
  cwd(): string;
  platform: string;
  version: string;
  versions: { [name: string]: string | undefined };
  [key: string]: any;
};

interface Console {
  log(...data: any[]): void;
  error(...data: any[]): void;
  warn(...data: any[]): void;
  info(...data: any[]): void;
  debug(...data: any[]): void;
  trace(...data: any[]): void;
  dir(item?: any, options?: any): void;
  table(data: any, columns?: string[]): void;
  assert(condition?: boolean, ...data: any[]): void;
  time(label?: string): void;
  timeEnd(label?: string): void;
  [key: string]: any;
}
declare var console: Console;

interface Buffer extends Uint8Array {
  toString(encoding?: string, start?: number, end?: number): string;
  [key: string]: any;
}
declare var Buffer: {
  from(data: any, encodingOrOffset?: any, length?: number): Buffer;
  alloc(size: number, fill?: any, encoding?: string): Buffer;
  allocUnsafe(size: number): Buffer;
  concat(list: readonly Uint8Array[], totalLength?: number): Buffer;
  byteLength(data: any, encoding?: string): number;
  isBuffer(obj: any): obj is Buffer;
  [key: string]: any;
};

declare function setTimeout(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;
declare function setInterval(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;
declare function setImmediate(callback: (...args: any[]) => void, ...args: any[]): any;
declare function clearTimeout(handle: any): void;
declare function clearInterval(handle: any): void;
declare function clearImmediate(handle: any): void;
declare function queueMicrotask(callback: () => void): void;
declare function structuredClone<T>(value: T): T;

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: any);
  decode(input?: any, options?: any): string;
}

// `import ... from "fs"` style: Node's built-in modules, untyped.
declare module "assert";
declare module "child_process";
declare module "crypto";
declare module "events";
declare module "fs";
declare module "os";
declare module "path";
declare module "perf_hooks";
declare module "readline";
declare module "util";
declare module "node:*";
