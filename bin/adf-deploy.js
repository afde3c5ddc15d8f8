#!/usr/bin/env node
// Thin shim: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
import '../dist/cli/entry.js';
