"""
A tiny ONNX interpreter in numpy, for tests only: it covers just the operators torch 1.13 emits
when exporting gpt.GPT (opset 17), so that test_reference.py can check the exported file's
logits against PyTorch at other batch sizes and sequence lengths without ONNX Runtime (which
Debian does not package for Python). The C# side checks the same files through the real ORT.
"""

import math

import numpy as np
from onnx import mapping, numpy_helper

_erf = np.frompyfunc(math.erf, 1, 1)


def _attrs(node):
    out = {}
    for a in node.attribute:
        if a.type == a.FLOAT:
            out[a.name] = a.f
        elif a.type == a.INT:
            out[a.name] = a.i
        elif a.type == a.INTS:
            out[a.name] = list(a.ints)
        elif a.type == a.TENSOR:
            out[a.name] = numpy_helper.to_array(a.t)
        else:
            raise NotImplementedError(f"attribute {a.name} of {node.op_type} (type {a.type})")
    return out


def _slice(data, starts, ends, axes=None, steps=None):
    axes = list(range(len(starts))) if axes is None else [int(a) % data.ndim for a in axes]
    steps = [1] * len(starts) if steps is None else steps
    index = [slice(None)] * data.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        index[a] = slice(int(s), int(e), int(st))  # python slicing clamps like ONNX does
    return data[tuple(index)]


def _layernorm(x, scale, bias, axis=-1, epsilon=1e-5, **_):
    axes = tuple(range(axis % x.ndim, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    return ((x - mean) / np.sqrt(var + np.float32(epsilon)) * scale + bias).astype(x.dtype)


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _reshape(x, shape):
    shape = [x.shape[i] if d == 0 else int(d) for i, d in enumerate(shape)]  # 0 copies the input dim
    return x.reshape(shape)


def _div(a, b):
    if np.issubdtype(a.dtype, np.integer):
        return (np.trunc(a / b)).astype(a.dtype)
    return (a / b).astype(a.dtype)


def _run_node(node, ins):
    at = _attrs(node)
    op = node.op_type
    if op == "Constant":
        return [at["value"]]
    if op == "Unsqueeze":
        out = ins[0]
        rank = out.ndim + len(ins[1])
        for a in sorted(int(a) % rank for a in ins[1]):
            out = np.expand_dims(out, a)
        return [out]
    if op == "Add":
        return [ins[0] + ins[1]]
    if op == "Mul":
        return [ins[0] * ins[1]]
    if op == "Div":
        return [_div(ins[0], ins[1])]
    if op == "MatMul":
        return [np.matmul(ins[0], ins[1])]
    if op == "Gather":
        return [np.take(ins[0], ins[1], axis=at.get("axis", 0))]
    if op == "Concat":
        return [np.concatenate(ins, axis=at["axis"])]
    if op == "Reshape":
        return [_reshape(ins[0], ins[1])]
    if op == "Transpose":
        return [np.transpose(ins[0], at.get("perm"))]
    if op == "Shape":
        return [np.array(ins[0].shape[at.get("start", 0):at.get("end", None)], dtype=np.int64)]
    if op == "Cast":
        return [ins[0].astype(mapping.TENSOR_TYPE_TO_NP_TYPE[at["to"]])]
    if op == "LayerNormalization":
        return [_layernorm(*ins, **at)]
    if op == "Slice":
        return [_slice(*ins)]
    if op == "Split":
        axis = at.get("axis", 0)
        sizes = ins[1] if len(ins) > 1 and ins[1] is not None else [ins[0].shape[axis] // len(node.output)] * len(node.output)
        return np.split(ins[0], np.cumsum(sizes)[:-1], axis=axis)
    if op == "Where":
        return [np.where(ins[0], ins[1], ins[2])]
    if op == "Softmax":
        return [_softmax(ins[0], at.get("axis", -1))]
    if op == "Erf":
        return [_erf(ins[0]).astype(ins[0].dtype)]
    if op == "Range":
        return [np.arange(ins[0], ins[1], ins[2]).astype(ins[0].dtype)]
    raise NotImplementedError(f"operator {op} is not in this test interpreter")


def run(model, feeds):
    """Evaluate an onnx ModelProto on {input name: numpy array}; returns {output name: array}."""
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    values.update(feeds)
    for node in model.graph.node:
        ins = [values[n] if n else None for n in node.input]
        for name, value in zip(node.output, _run_node(node, ins)):
            values[name] = np.asarray(value)
    return {o.name: values[o.name] for o in model.graph.output}
