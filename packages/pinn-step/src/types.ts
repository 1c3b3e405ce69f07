/**
 * Types of the PINN step: the network layout, a batch of collocation points, the loss
 * parts and the options of the trainer.
 */

/**
 * Where each layer's weights and biases live in the flat parameter vector.
 * Layer l (0-based) maps `layerSizes[l]` inputs to `layerSizes[l + 1]` outputs; its weight
 * matrix is row-major `[out][in]` at `weightOffsets[l]`, its bias at `biasOffsets[l]`.
 */
export interface MlpLayout {
  /** `[2, hidden..., 1]`: inputs (x, y), hidden widths (tanh), one linear output u. */
  readonly layerSizes: readonly number[];
  readonly weightOffsets: readonly number[];
  readonly biasOffsets: readonly number[];
  /** Length of the parameter (and gradient) vector. */
  readonly parameterCount: number;
  /** Widest hidden layer (sizes the per-point scratch). */
  readonly maxWidth: number;
}

/**
 * A batch of points for one loss evaluation: interior collocation points where the PDE
 * residual is taken, with the source f at each, and boundary points where u = 0 is asked.
 * Coordinates are interleaved `[x0, y0, x1, y1, ...]`.
 */
export interface CollocationBatch {
  readonly interiorCount: number;
  readonly boundaryCount: number;
  /** `2 * interiorCount` coordinates in (0, 1)^2. */
  readonly interior: Float64Array;
  /** f(x, y) at each interior point (`interiorCount` values). */
  readonly source: Float64Array;
  /** `2 * boundaryCount` coordinates on the boundary of the unit square. */
  readonly boundary: Float64Array;
}

/** The parts of the last loss evaluation (updated in place by the kernel). */
export interface PinnLossParts {
  /** residual + boundaryWeight * boundary. */
  total: number;
  /** Mean over interior points of (-Δu - f)^2. */
  residual: number;
  /** Mean over boundary points of u^2 (unweighted). */
  boundary: number;
}

/** Learning rate: a constant, or a schedule of the (1-based) Adam step number. */
export type LearningRate = number | ((step: number) => number);

/** Options of Adam. */
export interface AdamOptions {
  /** Default: `DEFAULT_LEARNING_RATE` in `createAdam`; the trainer's default is `defaultLearningRate()`. */
  learningRate?: LearningRate;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Options of `createPinnTrainer`. */
export interface PinnTrainerOptions extends AdamOptions {
  /** Interior collocation points per step (the batch size). */
  interiorPoints: number;
  /** Boundary points per step; default `ceil(DEFAULT_BOUNDARY_FRACTION * interiorPoints)`. */
  boundaryPoints?: number;
  /** Network layer sizes; default `[2, 32, 32, 32, 1]`. */
  layerSizes?: readonly number[];
  /** Seed of the initial weights and of the points; default `DEFAULT_SEED`. */
  seed?: number;
  /** Weight of the boundary term; default `DEFAULT_BOUNDARY_WEIGHT`. */
  boundaryWeight?: number;
}
