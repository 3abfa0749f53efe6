"""Speed machinery, out of the pipeline's way: the stages in build.py say what is made;
these modules make it fast without changing a byte of it.

- `engine.py`: what a builder keeps between builds and how it reads and renders with it:
  the one interface build.py sees;
- `pool.py`: process pools (fork; workers inherit the parent's modules and site);
- `incremental.py`: the key of every output, so that a rebuild renders only what changed;
- `diskcache.py`: those caches in `.aiblog-cache/` for `aiblog build`;
- `memory.py`: garbage-collector tuning for large sites.
"""
