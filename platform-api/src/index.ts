export { type AppDeps, createApp } from "./app.js";
export { type ApiConfig, configFromEnv } from "./config.js";
export { type RunningApi, startApi } from "./server.js";
