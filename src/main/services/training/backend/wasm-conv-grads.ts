/**
 * The two gradients of Conv2D on wasm, as XNNPACK convolutions:
 *
 * - Conv2DBackpropFilter (missing from tfjs-backend-wasm 4.22):
 *     dW[i, j, c, o] = Σ_{n, a, b} xPadded[n, a·sh + i, b·sw + j, c] · dy[n, a, b, o]
 *   is a convolution of x (input channels as the batch, examples as the
 *   channels) with dy (output positions as the filter taps), the stride
 *   becoming the filter's dilation. Its output is [C, ≥kh, ≥kw, O]; the
 *   first kh × kw positions are the gradient.
 * - Conv2DBackpropInput at stride 1 (the package's is a plain C++ loop,
 *   3–4× slower): dx is dy convolved with the filter flipped in space and
 *   with its channel axes swapped, padded by k − 1 − pad. Other strides go
 *   to the package's kernel.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { kernels, type Tf } from './wasm-kernel-util.ts';

type Pad = 'valid' | 'same' | number | TfCore.backend_util.ExplicitPadding;

interface ConvGradAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export function conv2DBackpropFilter(tf: Tf): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as ConvGradAttrs & { filterShape: [number, number, number, number] };
    if (dataFormat === 'NCHW') throw new Error("wasm Conv2DBackpropFilter supports dataFormat 'NHWC' only");
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const [kh, kw] = filterShape;
    const { top, left } = info.padInfo;
    const sh = info.strideHeight;
    const sw = info.strideWidth;
    // Pad the far edges only as far as the last output position's taps reach.
    const bottom = Math.max(0, (info.outHeight - 1) * sh + kh - (info.inHeight + top));
    const right = Math.max(0, (info.outWidth - 1) * sw + kw - (info.inWidth + left));
    const { call, free } = kernels(tf, backend);
    const xt = call('Transpose', { x }, { perm: [3, 1, 2, 0] });
    const dyt = call('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    const conv = call('Conv2D', { x: xt, filter: dyt }, {
      strides: [1, 1], pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dataFormat: 'NHWC', dilations: [sh, sw],
    } as unknown as NamedAttrMap);
    free(xt, dyt);
    let cropped = conv;
    if (conv.shape[1] !== kh || conv.shape[2] !== kw) {
      cropped = call('Slice', { x: conv }, { begin: [0, 0, 0, 0], size: [conv.shape[0]!, kh, kw, conv.shape[3]!] });
      free(conv);
    }
    const out = call('Transpose', { x: cropped }, { perm: [1, 2, 0, 3] });
    free(cropped);
    return out;
  };
}

export function conv2DBackpropInput(tf: Tf, original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as ConvGradAttrs & { inputShape: [number, number, number, number] };
    const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const [kh, kw] = filter.shape as [number, number, number, number];
    const { top, bottom, left, right } = info.padInfo;
    const fast = dataFormat !== 'NCHW' && info.strideHeight === 1 && info.strideWidth === 1
      && Math.max(top, bottom) <= kh - 1 && Math.max(left, right) <= kw - 1;
    if (!fast) {
      if (!original) throw new Error('wasm Conv2DBackpropInput: no kernel for this case');
      return original(args);
    }
    const { call, free } = kernels(tf, backend);
    const flipped = call('Reverse', { x: filter }, { dims: [0, 1] });
    const swapped = call('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
    free(flipped);
    const dx = call('Conv2D', { x: dy, filter: swapped }, {
      strides: [1, 1], pad: [[0, 0], [kh - 1 - top, kh - 1 - bottom], [kw - 1 - left, kw - 1 - right], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1],
    } as unknown as NamedAttrMap);
    free(swapped);
    return dx;
  };
}
