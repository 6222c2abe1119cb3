import * as path from 'path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The product options as the type checker reads src/model/product.ts (inherited properties included): what
// a user's editor offers and what jsii turns into API.md.

const FILE = path.join(__dirname, '../../src/model/product.ts');

/** Each exported interface of product.ts, with the interfaces declaring each of its properties. */
function optionInterfaces(): Map<string, Map<string, string[]>> {
  const program = ts.createProgram([FILE], { skipLibCheck: true, noLib: true });
  const checker = program.getTypeChecker();
  const out = new Map<string, Map<string, string[]>>();
  ts.forEachChild(program.getSourceFile(FILE)!, (node) => {
    if (!ts.isInterfaceDeclaration(node) || !node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
    const props = new Map(checker.getPropertiesOfType(checker.getTypeAtLocation(node)).map((p) => [
      p.name,
      (p.declarations ?? []).map((d) => (d.parent as ts.InterfaceDeclaration).name.text),
    ]));
    out.set(node.name.text, props);
  });
  return out;
}

describe('product options: one option, one documentation', () => {
  it('GIVEN the napi and wasm-pack options WHEN publishCrate is read THEN both inherit it from one interface (its doc written once)', () => {
    const options = optionInterfaces();
    expect(options.get('NapiOptions')!.get('publishCrate')).toEqual(['PublishCrateOptions']);
    expect(options.get('WasmPackOptions')!.get('publishCrate')).toEqual(['PublishCrateOptions']);
  });
});

describe('product options: each option does something', () => {
  it('GIVEN the product option interfaces WHEN their properties are read THEN only the Tauri app options have signing (elsewhere the factory ignores it, so it would do nothing)', () => {
    const withSigning = [...optionInterfaces()].filter(([name, props]) => name.endsWith('Options') && props.has('signing')).map(([name]) => name);
    expect(withSigning).toEqual(['TauriAppOptions']);
  });

  it('GIVEN the product option interfaces WHEN their properties are read THEN only generic products have publishSecrets and publishPermissions (their own publish job; a maturin package publishes with trusted publishing), and only container images have image, dockerfile and platforms', () => {
    const options = [...optionInterfaces()].filter(([name]) => name.endsWith('Options'));
    expect(options.filter(([, props]) => props.has('publishSecrets')).map(([name]) => name)).toEqual(['GenericProductOptions']);
    expect(options.filter(([, props]) => props.has('publishPermissions')).map(([name]) => name)).toEqual(['GenericProductOptions']);
    for (const option of ['image', 'dockerfile', 'platforms']) {
      expect(options.filter(([, props]) => props.has(option)).map(([name]) => name), option).toEqual(['ContainerImageOptions']);
    }
  });

  it('GIVEN the product option interfaces WHEN their properties are read THEN the setup options (manylinuxPackages among them) are no product option of their own: they sit in setup, which every kind has from one interface', () => {
    const options = [...optionInterfaces()].filter(([name]) => name.endsWith('Options'));
    for (const option of ['aptPackages', 'protoc', 'manylinuxPackages']) expect(options.filter(([, props]) => props.has(option)).map(([name]) => name), option).toEqual([]);
    expect([...new Set(options.filter(([, props]) => props.has('setup')).flatMap(([, props]) => props.get('setup')!))]).toEqual(['ProductOptions']);
  });
});
