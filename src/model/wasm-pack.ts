import { ProductPlan } from './plan-types';
import { WasmPackTarget } from './product';

/**
 * The one `wasm-pack build` of a wasm-pack product, for CI's default build and the release's: its declared
 * target, else wasm-pack's own default (`bundler`), so a pull request tests the package the release publishes.
 */
export function wasmPackBuildCommand(p: ProductPlan): string {
  return `wasm-pack build --release --target ${p.settings.wasmTarget ?? WasmPackTarget.BUNDLER}`;
}
