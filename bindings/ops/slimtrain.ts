/**
 * Typed operations of SlimTrainNetwork (see ops/index.ts for the rules): the Meganet-compatible
 * Adam update of assembly/nn/slimtrain.ts. No math lives here.
 * @module
 */
import { ShapeError } from '../errors.js';
import { wasm } from '../loader.js';
import type { Block } from '../memory.js';
import { incOf, vecAddr, vecLength, type Vec } from './operand.js';

function unitVec(v: Vec | Block, n: number, what: string): number {
  if (incOf(v) !== 1) throw new ShapeError(`${what}: this kernel needs a unit-stride vector (stride ${incOf(v)})`);
  return vecAddr(v, n, what);
}

/**
 * One Adam step in the Meganet `sgd` formulation on n parameters (ε inside the square root:
 * theta ← theta − lr·(m/bc1)/√(v/bc2 + eps)); updates `theta`, `m`, `v` in place from `grad`.
 * Checks the four unit-stride vectors.
 */
export function adamStepMeganet(theta: Vec | Block, grad: Vec | Block, m: Vec | Block, v: Vec | Block, lr: number, beta1: number, beta2: number,
  eps: number, bc1: number, bc2: number, n: number = vecLength(theta)): void {
  const pw = unitVec(theta, n, 'theta'), pg = unitVec(grad, n, 'grad'), pm = unitVec(m, n, 'm'), pv = unitVec(v, n, 'v');
  if (n > 0) wasm().slimtrainAdamMeganet(n, pw, pg, pm, pv, lr, beta1, beta2, eps, bc1, bc2);
}
