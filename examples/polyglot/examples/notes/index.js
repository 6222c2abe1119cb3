#!/usr/bin/env node
'use strict';
const quill = require('@quill-db/quill');
console.log(`quill-notes using ${quill.name}`);
