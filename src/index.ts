export * from './model/product';
export * from './model/product-setup';
export * from './model/tauri-signing-options';
export * from './model/options';
export * from './components/lockstep-release';
export * from './project';
