import type { StackPaths } from '../config.ts';
export async function seedIfNeeded(_p: StackPaths, _o: { week?: string }): Promise<void> {}
export async function seedDemo(_p: StackPaths, _o: { week?: string }): Promise<void> {}
export async function seedBenchmark(_p: StackPaths, _n: number): Promise<void> {}
