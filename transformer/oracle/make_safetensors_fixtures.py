"""Writes the safetensors fixtures of SafeTensorsOracleTest with the reference implementation.

    python3 -m venv /tmp/st && /tmp/st/bin/pip install safetensors==0.8.0 numpy
    /tmp/st/bin/python transformer/oracle/make_safetensors_fixtures.py

Run from the repository root. The values are exactly representable, so the Java test states them
inline.
"""
import numpy as np
from safetensors.numpy import save_file

OUT = "transformer/src/test/resources/dev/autodidact/transformer/checkpoint/oracle/"

# Only F32: the reference writer and ours must produce the same bytes.
save_file(
    {
        "b": (np.arange(6, dtype=np.float32).reshape(2, 3) * 0.5 - 1),
        "a": np.array([1.5, -2.25, 2.0 ** -30, 1e30], dtype=np.float32),
        "s": np.array(7.0, dtype=np.float32),
    },
    OUT + "reference-f32.safetensors",
    metadata={"format": "pt"},
)

# Mixed dtypes, laid out in the reference order (widest alignment first), with an empty tensor.
save_file(
    {
        "h": np.array([[0.5, -1.0], [65504.0, 2.0 ** -14], [-0.0, 3.140625]], dtype=np.float16),
        "w": np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32),
        "i": np.array([1, -2, 3], dtype=np.int64),
        "e": np.zeros((0, 2), dtype=np.float32),
    },
    OUT + "reference-mixed.safetensors",
)
