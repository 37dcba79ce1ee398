"""Run a model: Euler or RK4, one run or a batch.

A single run goes to the flat array program (:mod:`cld_editor.sim.tape`) when
the model allows; everything else runs on the functions
:mod:`cld_editor.sim.compiler` made once from the model.

A batch is many what-if runs at once: every state and parameter is a row of
an array with one column per run, so 1,000 runs cost about as much Python
work as one.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> level = d.new_variable("Level", kind="stock", initial=0)
>>> goal = d.new_variable("Goal", kind="constant", equation="10")
>>> gap = d.new_variable("Gap")
>>> _ = d.new_link(goal.id, gap.id, "+"); _ = d.new_link(level.id, gap.id, "-")
>>> _ = d.new_link(gap.id, level.id, "+")
>>> sim = Simulator(d)
>>> run = sim.run(SimulationSettings(0, 10, 0.01, "rk4"))
>>> round(float(run.series("Level")[-1]), 4)  # 10 * (1 - exp(-10))
9.9995
>>> batch = sim.run_batch(SimulationSettings(0, 10, 0.01, "rk4"), {("value", goal.id): [5.0, 20.0]})
>>> [round(float(x), 2) for x in batch.series("Level")[-1]]
[5.0, 20.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

from ..core.diagram import Diagram
from ..core.elements import SimulationSettings
from ..core.errors import CldError
from .compiler import Compiled, LazyFunction, compile_model
from .model import Model, build_model, floored_stocks
from .program import Program, initial_values, specialise
from .tape import ParamKey, Tape, Unsupported, build_tape, parameter_layout

MAX_STEPS = 5_000_000
MAX_CELLS = 200_000_000  # saved values (rows x variables x runs)


class SimulationError(CldError):
    """Run settings or what-if changes that cannot be used."""


class RunCancelled(Exception):
    """A run stopped because its ``stop`` check said its result is no longer wanted."""


StopCheck = Callable[[], bool]
STOP_EVERY = 32  # steps between two looks at a run's stop check


@dataclass
class Run:
    """Saved rows of one run or a batch.

    ``values`` has shape (rows, variables, runs); :meth:`series` picks one variable.
    """

    times: np.ndarray
    ids: list[str]
    names: list[str]
    values: np.ndarray
    params: dict[ParamKey, np.ndarray]
    states: np.ndarray | None = None  # (rows, states, runs): stocks then smooth() delay stocks

    @property
    def runs(self) -> int:
        return self.values.shape[2]

    def index(self, name_or_id: str) -> int:
        if name_or_id in self.ids:
            return self.ids.index(name_or_id)
        from ..core.naming import equation_name, name_key

        for i, name in enumerate(self.names):
            if name_key(name) == name_key(name_or_id) or equation_name(name) == name_or_id:
                return i
        raise KeyError(name_or_id)

    def series(self, name_or_id: str, run: int | None = None) -> np.ndarray:
        """One variable over time: shape (rows,) for a single run, else (rows, runs)."""
        column = self.values[:, self.index(name_or_id), :]
        if run is not None:
            return column[:, run]
        return column[:, 0] if self.runs == 1 else column

    def first_non_finite(self) -> tuple[str, float] | None:
        """The first variable and time where a value ran off to infinity or became undefined."""
        bad = ~np.isfinite(self.values)
        if not bad.any():
            return None
        row, col, _ = np.argwhere(bad)[0]
        return self.names[col], float(self.times[row])


# --------------------------------------------------------------- compiling
# ------------------------------------------------------------------ running
class _Rhs:
    """Evaluate the compiled function on states (n, runs): plain math for one run, numpy for a batch."""

    def __init__(self, compiled: Compiled, params: np.ndarray) -> None:
        self.c = compiled
        self.params = params
        self.runs = params.shape[1]
        self.scalar = self.runs == 1
        self.p_list = [float(v) for v in params[:, 0]] if self.scalar else list(params)
        self.p_arrays = [np.full(1, v) for v in self.p_list] if self.scalar else self.p_list
        self.zero = np.zeros(self.runs)

    def __call__(self, t: float, x: np.ndarray) -> np.ndarray:
        """Rates of the states, then every variable's value, then the smooth() inputs."""
        return self._evaluate(self.c.rhs_scalar, self.c.rhs_vector, t, x)

    def rates(self, t: float, x: np.ndarray) -> np.ndarray:
        """Only the rates of the states."""
        return self._evaluate(self.c.rates_scalar, self.c.rates_vector, t, x)

    def _evaluate(self, scalar: LazyFunction, vector: LazyFunction, t: float, x: np.ndarray) -> np.ndarray:
        if self.scalar:
            try:
                return np.array(scalar.resolve()(t, *x[:, 0].tolist(), *self.p_list), dtype=float).reshape(-1, 1)
            except (OverflowError, ValueError, ZeroDivisionError):
                pass  # a value ran away: numpy gives inf or nan where math raises
        with np.errstate(all="ignore"):
            out = vector.resolve()(t, *x, *self.p_arrays, self.zero)
            return np.array(out, dtype=float).reshape(len(out), self.runs)


def _steps(settings: SimulationSettings) -> tuple[int, int]:
    span = settings.stop - settings.start
    n = int(round(span / settings.dt))
    if n < 1:
        raise SimulationError("the run is shorter than one step", "simulation", "make dt smaller or stop later")
    if n > MAX_STEPS:
        raise SimulationError(f"{n:,} steps is too many (at most {MAX_STEPS:,})", "simulation",
                              "make dt larger or the run shorter")
    every = 1
    if settings.save_every is not None:
        every = max(1, int(round(settings.save_every / settings.dt)))
    return n, every


def integrate(compiled: Compiled, settings: SimulationSettings, params: np.ndarray,
              param_keys_used: Mapping[ParamKey, np.ndarray] | None = None, keep_states: bool = False,
              stop: StopCheck | None = None) -> Run:
    """Run the compiled model for each column of ``params`` (shape (n_params, runs)).

    ``keep_states`` also saves the internal states (stocks and smooth() delays) at each saved row.
    """
    n, every = _steps(settings)
    runs = params.shape[1]
    n_states, n_out = compiled.n_states, len(compiled.output_ids)
    saved_rows = n // every + 1 + (1 if n % every else 0)
    if saved_rows * n_out * runs > MAX_CELLS:
        raise SimulationError("the run would save too many values", "simulation",
                              "save less often (save_every), run fewer what-ifs or shorten the run")
    f = _Rhs(compiled, params)
    x = np.zeros((n_states, runs))
    x[: compiled.n_stocks] = _initial_stocks(compiled, params, runs, param_keys_used)
    _start_smooths(compiled, f, settings.start, x)

    times = np.empty(saved_rows)
    values = np.empty((saved_rows, n_out, runs))
    states = np.empty((saved_rows if keep_states else 0, n_states, runs))
    dt, t0 = settings.dt, settings.start
    row = 0
    rk4 = settings.method == "rk4"
    ns = n_states
    floored = np.array(floored_stocks(compiled.model), dtype=int)
    with np.errstate(all="ignore"):
        for step in range(n + 1):
            if stop is not None and step % STOP_EVERY == 0 and stop():
                raise RunCancelled()
            t = t0 + step * dt
            k1 = f(t, x)
            if step % every == 0 or step == n:
                times[row] = t
                values[row] = k1[ns: ns + n_out]
                if keep_states:
                    states[row] = x
                row += 1
            if step == n:
                break
            if rk4:
                r1 = k1[:ns]
                r2 = f.rates(t + dt / 2, x + dt / 2 * r1)
                r3 = f.rates(t + dt / 2, x + dt / 2 * r2)
                r4 = f.rates(t + dt, x + dt * r3)
                x = x + dt / 6 * (r1 + 2 * (r2 + r3) + r4)
            else:
                x = x + dt * k1[:ns]
            if floored.size:
                x[floored] = np.maximum(x[floored], 0.0)
    model = compiled.model
    return Run(
        times=times[:row],
        ids=list(compiled.output_ids),
        names=[model.diagram.variables[v].name for v in compiled.output_ids],
        values=values[:row],
        params=dict(param_keys_used or {}),
        states=states[:row] if keep_states else None,
    )


def _initial_stocks(compiled: Compiled, params: np.ndarray, runs: int,
                    changes: Mapping[ParamKey, np.ndarray] | None) -> np.ndarray:
    if not compiled.n_stocks:
        return np.zeros((0, runs))
    with np.errstate(all="ignore"):
        start = np.array(compiled.initial(*params, np.zeros(runs)), dtype=float).reshape(compiled.n_stocks, runs)
    for key, column in (changes or {}).items():
        if key[0] == "initial":
            start[compiled.state_labels.index(key[1])] = column
    return start


def _start_smooths(compiled: Compiled, f: _Rhs, t0: float, x: np.ndarray) -> None:
    """A smooth() starts at its input's starting value, worked out in dependency order."""
    n_smooth = compiled.n_states - compiled.n_stocks
    if not n_smooth:
        return
    offset = compiled.n_states + len(compiled.output_ids)
    with np.errstate(all="ignore"):
        for _ in range(n_smooth + 1):
            out = f(t0, x)
            x[compiled.n_stocks:] = out[offset: offset + n_smooth]


# ------------------------------------------------------------------ facade
class Simulator:
    """A diagram's model, compiled once; run it as often as you like.

    Rebuild it after an edit (the panels do so on the diagram's change events).
    """

    def __init__(self, diagram: Diagram, model: Model | None = None) -> None:
        self.diagram = diagram
        self.model = model or build_model(diagram)
        keys, defaults, stocks = parameter_layout(self.model)
        self._param_keys = keys
        self._param_index = {key: i for i, key in enumerate(keys)}
        self._param_defaults = np.array(defaults, dtype=float)
        self._stock_ids = stocks
        self._compiled: Compiled | None = None
        self._tape: Tape | None | bool = None  # False: the model needs the general solver
        self._program: tuple[bytes, Program] | None = None  # the last run's program, for a rerun

    @property
    def compiled(self) -> Compiled:
        """The general solver's functions (made when first needed: batches, saved states, runaway values)."""
        if self._compiled is None:
            self._compiled = compile_model(self.model)
        return self._compiled

    @property
    def n_stocks(self) -> int:
        return len(self._stock_ids)

    @property
    def parameter_keys(self) -> list[ParamKey]:
        """What a what-if may change: constants' and inputs' values, generated links' strengths, stocks' starts."""
        return list(self._param_keys) + [("initial", vid) for vid in self._stock_ids]

    def default(self, key: ParamKey) -> float:
        """The value a parameter has in the diagram."""
        if key[0] == "initial":
            tape = self.tape()
            if tape is not None:
                return float(initial_values(tape, self._param_defaults)[self._stock_ids.index(key[1])])
            params = self._param_defaults.reshape(-1, 1)
            return float(_initial_stocks(self.compiled, params, 1, None)[self._stock_ids.index(key[1]), 0])
        return float(self._param_defaults[self._param_index[key]])

    def tape(self) -> Tape | None:
        """The model as a flat array program, built once (None when only the general solver can run it)."""
        if self._tape is None:
            try:
                self._tape = build_tape(self.model, self._param_keys)
            except (Unsupported, RecursionError):
                self._tape = False
        return self._tape or None

    def _fast_run(self, settings: SimulationSettings, params: np.ndarray,
                  columns: dict[ParamKey, np.ndarray], stop: StopCheck | None = None) -> Run | None:
        """One run by the flat array program; None when the general solver must do it."""
        tape = self.tape()
        if tape is None:
            return None
        key = params.tobytes()
        cached = self._program  # (read once: a run on another thread may replace it meanwhile)
        try:
            if cached is None or cached[0] != key:
                cached = self._program = (key, specialise(tape, params))
        except Unsupported:
            return None
        program = cached[1]
        n, every = _steps(settings)
        stocks = program.initial_stocks.copy()
        for (kind, vid), column in columns.items():
            if kind == "initial":
                stocks[self._stock_ids.index(vid)] = column[0]
        times, values, finite = program.run(settings.start, settings.dt, n, every, settings.method, stocks,
                                            stop, RunCancelled)
        if not finite:
            return None  # the general solver says where a value ran away
        return Run(times=times, ids=list(self.model.equations),
                   names=[self.diagram.variables[v].name for v in self.model.equations],
                   values=values.reshape(len(times), -1, 1), params=dict(columns))

    def run(self, settings: SimulationSettings | None = None,
            changes: Mapping[ParamKey, float] | None = None, keep_states: bool = False,
            stop: StopCheck | None = None) -> Run:
        """One run with the diagram's settings (or ``settings``) and what-if ``changes``.

        ``stop`` is asked every few steps whether the result is still wanted; when it says
        True the run ends with :class:`RunCancelled` (the What-if panel drops stale runs so).
        """
        return self.run_batch(settings, {k: [v] for k, v in (changes or {}).items()}, keep_states, stop)

    def run_batch(self, settings: SimulationSettings | None,
                  changes: Mapping[ParamKey, Sequence[float] | np.ndarray], keep_states: bool = False,
                  stop: StopCheck | None = None) -> Run:
        """Many runs at once: each change gives one value per run (all the same length).

        Every run's every variable is kept at each saved row, so for long batches set
        ``save_every`` in the settings to keep memory in bounds.
        """
        settings = settings or self.diagram.simulation
        lengths = {len(np.atleast_1d(v)) for v in changes.values()} or {1}
        if len(lengths) != 1:
            raise SimulationError("every what-if change needs the same number of runs")
        runs = lengths.pop()
        params = np.repeat(self._param_defaults.reshape(-1, 1), runs, axis=1)
        columns: dict[ParamKey, np.ndarray] = {}
        stocks = set(self._stock_ids)
        for key, value in changes.items():
            column = np.asarray(value, dtype=float).reshape(runs)
            if not np.all(np.isfinite(column)):
                raise SimulationError("a what-if value must be a finite number", self._label(key))
            if key[0] == "initial":
                if key[1] not in stocks:
                    raise SimulationError("only a stock has a starting value to set", self._label(key))
            elif key in self._param_index:
                params[self._param_index[key]] = column
            else:
                raise SimulationError("this is not a value a what-if can change", self._label(key),
                                      "change a constant, an input, a stock's start or a link's strength")
            columns[key] = column
        if runs == 1 and not keep_states:
            n, every = _steps(settings)  # (bad settings are refused before anything is built)
            if (n // every + 2) * len(self.model.equations) <= MAX_CELLS:
                fast = self._fast_run(settings, params[:, 0], columns, stop)
                if fast is not None:
                    return fast
        return integrate(self.compiled, settings, params, columns, keep_states, stop)

    def _label(self, key: ParamKey) -> str:
        if key[0] == "strength":
            return f"link {key[1]}"
        var = self.diagram.variables.get(key[1])
        return var.name if var else key[1]


def sweep(simulator: Simulator, key: ParamKey, values: Iterable[float],
          settings: SimulationSettings | None = None) -> Run:
    """A sensitivity sweep: one run per value of one parameter, as one batch.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> s = d.new_variable("Savings", kind="stock", initial=100)
    >>> _ = d.new_link(s.id, s.id, "+", strength=0.05)
    >>> run = sweep(Simulator(d), ("strength", "l1"), [0.0, 0.1], SimulationSettings(0, 1, 0.001, "rk4"))
    >>> [round(float(v), 3) for v in run.series("Savings")[-1]]
    [100.0, 110.517]
    """
    return simulator.run_batch(settings, {key: list(values)})

