#!/usr/bin/env node
// The `adm` command: runs the TypeScript sources through tsx, so the kiosk needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../kiosk/cli/main.ts');
