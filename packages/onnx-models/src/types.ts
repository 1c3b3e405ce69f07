/**
 * Types of the model zoo: tensor specifications, model descriptors and the options of each
 * architecture.
 */

/** Element types a tensor of the zoo's models may have (onnxruntime's names). */
export type ElemType = 'float32' | 'float64' | 'int64' | 'int32' | 'uint8' | 'int8' | 'uint16' | 'int16' | 'bool' | 'float16' | 'uint32' | 'uint64' | 'string';

/** One dimension: a fixed size, or a named dynamic axis (`'depth'`). */
export type Dim = number | string;

/** Name, element type and shape of a graph input or output. */
export interface TensorSpec {
  readonly name: string;
  readonly elemType: ElemType;
  readonly shape: readonly Dim[];
}

/** What a model does. */
export type ModelTask = 'segmentation' | 'classification' | 'detection' | 'super_resolution' | 'denoising' | 'convolution';

/** Names of the zoo's models. */
export type ZooModelName = 'unet3d' | 'classifier3d' | 'detector3d' | 'srgan2d' | 'dncnn2d' | 'dncnn3d' | 'conv3d' | 'conv2d';

/** Everything a caller needs to know about a zoo model, without its bytes. */
export interface ModelDescriptor {
  readonly name: ZooModelName;
  readonly task: ModelTask;
  /** Lower-case hex sha256 of the serialised ModelProto. */
  readonly sha256: string;
  readonly byteLength: number;
  readonly irVersion: number;
  readonly opset: number;
  readonly parameterCount: number;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /**
   * Spatial sizes must be multiples of this (2^pooling levels; 1 when any size works).
   * Sliding-window patches of this model must respect it.
   */
  readonly spatialMultiple: number;
  /** The resolved options the model was built with (seed included). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** A built model: its descriptor and its bytes (a serialised onnx.ModelProto). */
export interface BuiltModel extends ModelDescriptor {
  readonly bytes: Uint8Array;
}

/** Options shared by every architecture. */
export interface CommonModelOptions {
  /** Seed of the weights (createRng). */
  seed?: number;
}

/** 3D U-Net options. */
export interface UNet3dOptions extends CommonModelOptions {
  /** Channels per level, shallowest first (default [8, 16, 32, 64]: three poolings). */
  features?: readonly number[];
  inChannels?: number;
  /** Output classes (softmax over axis 1). Default 4. */
  classes?: number;
}

/** 3D classifier options. */
export interface Classifier3dOptions extends CommonModelOptions {
  /** Channels of each conv block (conv + ReLU + max-pool). Default [8, 16, 32]. */
  features?: readonly number[];
  inChannels?: number;
  /** Default 3. */
  classes?: number;
}

/** 3D CenterNet-style detector options. */
export interface Detector3dOptions extends CommonModelOptions {
  /** Backbone channels per level; each level after the first halves the resolution. Default [8, 16, 32]. */
  features?: readonly number[];
  inChannels?: number;
  /** Heat-map channels (object classes). Default 1. */
  classes?: number;
  /** Channels of each head's hidden layer. Default 16. */
  headChannels?: number;
}

/** SRGAN-style x2 super-resolution generator options. */
export interface Srgan2dOptions extends CommonModelOptions {
  /** Feature channels. Default 16 (SRGAN: 64). */
  features?: number;
  /** Residual blocks. Default 4 (SRGAN: 16). */
  residualBlocks?: number;
  inChannels?: number;
}

/** DnCNN options (2D or 3D by the model name). */
export interface DnCnnOptions extends CommonModelOptions {
  /** Conv layers in total (DnCNN: 17). Default 8 in 2D, 5 in 3D. */
  depth?: number;
  /** Feature channels (DnCNN: 64). Default 16 in 2D, 8 in 3D. */
  features?: number;
  inChannels?: number;
}

/** A single convolution (the minimal model the tests compare with a direct convolution). */
export interface SingleConvOptions extends CommonModelOptions {
  inChannels?: number;
  outChannels?: number;
  /** Kernel size per spatial axis. Default 3. */
  kernel?: number;
  /** Symmetric zero padding per side. Default 1. */
  pad?: number;
}

/** Options by model name. */
export interface ZooModelOptions {
  unet3d: UNet3dOptions;
  classifier3d: Classifier3dOptions;
  detector3d: Detector3dOptions;
  srgan2d: Srgan2dOptions;
  dncnn2d: DnCnnOptions;
  dncnn3d: DnCnnOptions;
  conv3d: SingleConvOptions;
  conv2d: SingleConvOptions;
}
