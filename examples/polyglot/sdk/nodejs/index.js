'use strict';
module.exports = { name: 'quill' };
