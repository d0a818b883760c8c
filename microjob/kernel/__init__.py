"""The compiled engine: the model's mechanisms as Numba-compiled functions over arrays.

One module per mechanism, as in :mod:`microjob.engine`; the state is a named
tuple of arrays (:mod:`~microjob.kernel.state`, columns named in
:mod:`~microjob.kernel.layout`) and :func:`~microjob.kernel.run.run` drives a run.
"""
