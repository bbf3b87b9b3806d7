// Migrations are plain .sql files, bundled as text (esbuild loader, vitest plugin).
declare module '*.sql' {
  const sql: string;
  export default sql;
}
