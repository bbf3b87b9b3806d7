// The import directions of ARCHITECTURE.md as a lint rule, in the spirit of
// VS Code's code-layering rule: every relative import is resolved to the file
// it names, and the layer of the importer must be allowed to see that layer.
import { dirname, relative, resolve, sep } from 'node:path';

const ROOT = dirname(new URL(import.meta.url).pathname);

/** Which layer a file belongs to, from its path relative to the repo root. */
function layerOf(file) {
  const rel = relative(ROOT, file).split(sep).join('/');
  if (rel.startsWith('shared/')) return 'shared';
  if (rel.startsWith('renderer/')) return 'renderer';
  if (rel.startsWith('electron/core/')) return 'core';
  if (rel.startsWith('electron/host/')) return 'host';
  if (rel.replace(/\.(ts|tsx|js)$/, '') === 'electron/csp') return 'pure-shell';
  if (rel.startsWith('electron/')) return 'shell';
  return 'outside';
}

const ALLOWED = {
  shared: ['shared'],
  renderer: ['renderer', 'shared'],
  core: ['core', 'shared'],
  host: ['host', 'core', 'shared', 'pure-shell'],
  'pure-shell': ['shared'],
  shell: ['shell', 'pure-shell', 'host', 'core', 'shared'],
  outside: ['shared', 'renderer', 'core', 'host', 'pure-shell', 'shell', 'outside'],
};

// Packages a layer must never load, whatever the path.
const FORBIDDEN_PACKAGES = {
  shared: [/^electron$/, /^node:/, /^better-sqlite3$/, /^react/],
  renderer: [/^electron$/, /^node:/, /^better-sqlite3$/, /^(fs|path|child_process|net|os)$/],
  core: [/^electron$/, /^electron\//],
  host: [/^electron$/, /^electron\//],
  'pure-shell': [/^electron$/],
};

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'enforce the import directions of ARCHITECTURE.md' },
    schema: [],
    messages: {
      layer: "{{from}} may not import {{to}} ('{{source}}'): imports point down (ARCHITECTURE.md, rule 1)",
      pkg: "{{from}} may not import the package '{{source}}' (ARCHITECTURE.md, rule 1)",
    },
  },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (source.startsWith('.')) {
        const to = layerOf(resolve(dirname(file), source));
        if (!ALLOWED[from].includes(to)) context.report({ node, messageId: 'layer', data: { from, to, source } });
      } else if ((FORBIDDEN_PACKAGES[from] ?? []).some((re) => re.test(source))) {
        context.report({ node, messageId: 'pkg', data: { from, source } });
      }
    };
    return {
      ImportDeclaration: (node) => {
        // Type-only imports of another layer are still a dependency of the shape: check them too.
        check(node, node.source.value);
      },
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { layers: rule } };
