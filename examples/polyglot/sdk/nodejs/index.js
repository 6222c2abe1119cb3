'use strict';
// Loads the native binary `napi build --platform` produced for this platform (quill.<platform>.node), as
// napi-rs's generated loader does; fails loudly when it is missing, so a smoke test cannot pass without it.
const { platform, arch } = process;
const abi = platform === 'linux' ? '-gnu' : platform === 'win32' ? '-msvc' : '';
const file = `./quill.${platform}-${arch}${abi}.node`;
try {
  module.exports = require(file);
} catch (e) {
  throw new Error(`@quill-db/quill: no native binary ${file} for ${platform}-${arch}: ${e.message}`);
}
