"""native/build.py's machinery, one concern per module:

    tree.py        the source tree and this interpreter: paths, the flags, the binding list
    proc.py        running tools: logging, BuildError, one-line error reasons
    stamps.py      a step reruns only when its inputs or its command changed
    install.py     copying artefacts and sources into the venv's ffibench package
    toolchains.py  the pinned build toolchains (requirements-build.txt), installed with pip
    cffi313t.py    cffi built from its sdist on free-threaded 3.13, its refusal bypassed
    compilers.py   the C and C++ compilers and the settings every compiled artefact shares
    libffibench.py the one C library every binding calls
    bindings/      one builder per compiled binding (capi, cffi-api, pybind11, nanobind, pyo3)
    main.py        the command line, the order of the steps, the JSON report and _build_info.json
"""
