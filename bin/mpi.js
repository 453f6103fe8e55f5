#!/usr/bin/env node
'use strict';
// The CLI runs from the compiled output; `npm run mpi` builds it first when it is stale.
require('../dist/src/cli/main.js');
