#!/usr/bin/env node
'use strict';
const quill = require('@quill-db/quill');
console.log(`quill-notes using the Quill Node SDK (${Object.keys(quill).length} exports)`);
