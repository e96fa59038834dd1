/**
 * Imports a Node built-in with a non-literal specifier, so browser bundlers (esbuild, Vite,
 * webpack) leave it alone instead of failing to resolve `node:*`; only reached in Node. Shared by
 * the loader and the worker pool. (Do not minify the bundles: esbuild's minifySyntax folds the
 * variable back into a literal specifier.)
 * @module
 */
export const nodeImport = <T>(name: string): Promise<T> => import(/* @vite-ignore */ /* webpackIgnore: true */ name) as Promise<T>;
