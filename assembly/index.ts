// Exports only: the SHIPPED build (release / relaxed), one line per kernel family (DESIGN.md §1).
// Never exports a scalar twin (*Ref) or a tuning kernel: those are in ./ref/index.ts, a
// test/bench-only build. Names are listed explicitly so that module-internal helpers never
// become wasm exports.
export { alloc, free, memoryPages } from './core/memory';
export { relaxedSimdBuild } from './core/simd';
export { dlacpy, dtranspose, dfill, dlaset_identity, firstNonFinite, dgeadd } from './core/data';
export { rngUniform, rngNormal, philox4x32 } from './rand/philox';
export { daxpy, dscal, ddot, dnrm2, dcopy, dswap, drot } from './blas/level1';
export { dgemv, dger } from './blas/level2';
export { dgemmWorkspaceSize, dgemm, dgemmt } from './gemm/driver';
export { dsyrkWorkspaceSize, dsyrk, dtrsmWorkspaceSize, dtrmmWorkspaceSize, dtrsm, dtrmm } from './blas/level3';
export { tanhScalar, dtanhBias, dleakyReluBias, dbiasAdd } from './nn/activation';
export { dlarfg, dorgqrWorkspaceSize, dorgqrBlocked } from './lapack/householder';
export { qrBlockSize, dgeqrfWorkspaceSize, dgeqrf, qrFormTWorkspaceSize, qrFormT, dgemqrtWorkspaceSize, dgemqrt, qrExtractR, dorm2r, dorm2rT, qrFormQWorkspaceSize, qrFormQ } from './lapack/qr';
export { dgeqp3WorkspaceSize, dgeqp3, dgeqp3Truncated, dgeqp3Unblocked } from './lapack/qp3';
export { qrRankIceWorkspaceSize, qrRankIce, dgelsyTailWorkspaceSize, dgelsyTail } from './lapack/gelsy';
export { dgebd2WorkspaceSize, dgebd2, dgebrdWorkspaceSize, dgebrd, dorgbrWorkspaceSize, dorgbrQ, dorgbrP, dormbrQt, dormbrP, dormbrPt, dormbrQ } from './lapack/bidiag';
export { dbdsqrWorkspaceSize, dbdsqr, dbdsqrRecordWorkspaceSize, dbdsqrRecord, dbdsqrRecordLength, dbdsqrMaterializeV, dbdsqrApplyV } from './lapack/bdsqr';
export { dgesvdWorkspaceSize, dgesvd, dgelssWorkspaceSize, dgelss, dgelssRecord, dgelssApply, dgelssRecordWide, dgelssApplyWide, dgelssResume, dgelssApplyPausedWorkspaceSize, dgelssApplyPaused } from './lapack/svd';
export { dlangeMax, dlasclPow2 } from './lapack/scale';
export { dsytrdWorkspaceSize, dsytrd2, dorgtr2, dsteqlQL, dsyevWorkspaceSize, dsyev } from './lapack/eig';
export { cholPrepare, dpotrfWorkspaceSize, dpotrf, dpotrsWorkspaceSize, dpotrs, cholLogDiag, cholGramWorkspaceSize, cholGram, cholInverseFrobSqWorkspaceSize, cholInverseFrobSq } from './lapack/chol';
export { lsqrUpdate, dnorm2, dnormalize, daxpby, dcolumnNorms, drowNormsSq } from './iter/lsqr';
export { sparseSignSketchWorkspaceSize, sparseSignColumns, sparseSignSketch, dgatherRowsScaled } from './rand/sketch';
export { anminPattern, anminAssembleWorkspaceSize, anminAssemble, anminAssembleZ, anminRhs, anminReluBackward, anminColSums, anminSse, anminGatherRows, anminSymmetrizeShift, anminGramTN } from './nn/anmin';
export { anminAdam, anminMomentum } from './nn/optim';
export { swimCandidatePairsWorkspaceSize, swimCandidatePairs, swimScores, swimSampleDiscreteWorkspaceSize, swimSampleDiscrete, swimNeurons } from './nn/swim';
export { softmaxLoss, softmaxResidual, softmaxHessApply, logisticLoss, logisticResidual, logisticHessApply, hessianRowWeights } from './nn/softmax';
export { kernelParamBuild, kernelParamAdjoint, activationGradMul, hadamardInPlace, softplusForward, varproJacobianBlock, kernelParamRightQ } from './nn/kernelparam';
export { dgesddWorkspaceSize, dgesdd, dgelsdWorkspaceSize, dgelsdTall, dgelsdApply } from './lapack/svd';
export { dbdsdcWorkspaceSize, dbdsdc } from './lapack/dbdsdc';
export { slimtikGcvSumsWorkspaceSize, slimtikGcvSums, slimtikUpdateCoef } from './nn/slimtik';
export { resnetActBackward, resnetAntisym, resnetAntisymGrad, resnetRegularize, resnetPermutation, resnetForwardPass, resnetBackwardPass } from './nn/resnet';
export { dstedcWorkspaceSize, dstedcUWorkspaceSize, dstedcLeafSize, dstedc, dsyevdWorkspaceSize, dsyevd } from './lapack/dlaed';
export { slimtrainAdamMeganet } from './nn/slimtrain';
