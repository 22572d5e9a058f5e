"""Type aliases shared by the pricing, scenarios and hedgeopt packages."""

from __future__ import annotations

from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
ArrayLike: TypeAlias = npt.ArrayLike
KindLike: TypeAlias = Literal["put", "call"] | str
