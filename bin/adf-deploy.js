#!/usr/bin/env node
// Thin shim: the compiled CLI, bundled (scripts/bundle-cli.ts), lives in dist/ (built by `npm ci` through the prepare
// script).
import '../dist/bundle/entry.js';
