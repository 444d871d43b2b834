#!/usr/bin/env python3
"""Where the app's wasm goes: code bytes by crate, and by module for ours.

Usage: python3 tests/wasm_sizes.py RAW.wasm [SHIPPED.wasm]
  (`make wasm-sizes` passes the simd128 build as cargo wrote it, with its
  function names, and the file the site ships after wasm-bindgen and
  wasm-opt.)

Reads the function bodies (code section) and their names (the `name`
custom section) of RAW, and sums each body's bytes under the code it
belongs to:
- our crates by module (`core`, the crate `cnn_core`; `panels`,
  `session`, `formats`, and each view folder under `web`);
- every other crate by name. A trait method is counted under the type that
  implements it: a Yew component's body (`Component as FunctionProvider>::run`)
  is ours; Yew's own generic code instantiated for our components stays
  Yew's.
Then prints SHIPPED's size plain and gzipped (`gzip -9n`, as the site ships it), against the 400 KB
target. Sizes before wasm-opt are larger than the shipped ones, and each
share is of RAW's code section.
"""

import re
import subprocess
import sys
from collections import Counter


def leb(b, i):
    """An unsigned LEB128 at b[i]: (value, next index)."""
    value = shift = 0
    while True:
        x = b[i]
        i += 1
        value |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return value, i


def functions(data):
    """(body bytes, name) of every function defined in the module."""
    if data[:4] != b"\0asm":
        raise SystemExit("not a wasm module")
    i, imported, bodies, names = 8, 0, [], {}
    while i < len(data):
        section = data[i]
        size, i = leb(data, i + 1)
        end = i + size
        if section == 2:  # imports: functions among them shift the indices
            n, j = leb(data, i)
            for _ in range(n):
                for _ in range(2):  # module and field names
                    length, j = leb(data, j)
                    j += length
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb(data, j)
                    imported += 1
                elif kind == 1:  # table: reftype, limits
                    flags = data[j + 1]
                    _, j = leb(data, j + 2)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 2:  # memory: limits
                    flags = data[j]
                    _, j = leb(data, j + 1)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 3:  # global: type, mutability
                    j += 2
                else:
                    raise SystemExit(f"unknown import kind {kind}")
        elif section == 10:
            n, j = leb(data, i)
            for _ in range(n):
                length, k = leb(data, j)
                bodies.append(length + (k - j))
                j = k + length
        elif section == 0:
            length, j = leb(data, i)
            if data[j:j + length] == b"name":
                j += length
                while j < end:
                    sub = data[j]
                    sub_len, j = leb(data, j + 1)
                    if sub == 1:
                        n, k = leb(data, j)
                        for _ in range(n):
                            index, k = leb(data, k)
                            length, k = leb(data, k)
                            names[index] = data[k:k + length].decode("utf-8", "replace")
                            k += length
                    j += sub_len
        i = end
    return [(size, names.get(imported + f, "")) for f, size in enumerate(bodies)]


def path(name):
    """The module path a mangled function name belongs to (legacy `_ZN`
    names in full; v0 `_R` names, the standard library's, by crate only)."""
    if name.startswith("_R"):
        m = re.search(r"C(?:s[0-9a-zA-Z]*_)?(\d+)", name)
        if not m:
            return [name]
        n, at = int(m.group(1)), m.end()
        return [name[at:at + n]]
    m = re.match(r"_ZN(.*)E$", name)
    if not m:
        return name.split("::")
    parts, rest = [], m.group(1)
    while rest and rest[0].isdigit():
        n = int(re.match(r"\d+", rest).group())
        digits = len(str(n))
        parts.append(rest[digits:digits + n])
        rest = rest[digits + n:]
    if parts and parts[0].startswith("_$LT$"):
        # `<Type as Trait>::method`: the implementing type's path.
        inner = parts[0][len("_$LT$"):]
        own, _, trait = inner.partition("$u20$as$u20$")
        own = own.split("..")
        # A blanket impl (`<T as Trait>`, `<&T as Trait>`): the trait's crate.
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", own[0]) and trait:
            return trait.split("..")
        return own
    return parts


DESCRIPTOR = "__wbindgen_describe"


def group(name):
    p = path(name)
    if not p or not p[0]:
        return "(unnamed)"
    crate = re.sub(r"\[[0-9a-f]+\]$", "", p[0])
    if crate == "cnn_core":
        # The core is a crate of its own (src/core/Cargo.toml), ours all the same.
        return "cnn_playground::core"
    if crate != "cnn_playground":
        return crate
    if len(p) > 2 and p[1] == "web":
        return f"cnn_playground::web::{p[2]}"
    return f"cnn_playground::{p[1]}" if len(p) > 1 else crate


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    data = open(sys.argv[1], "rb").read()
    funcs = functions(data)
    # wasm-bindgen's type descriptors are run by the CLI and removed.
    described = sum(size for size, name in funcs if name.startswith(DESCRIPTOR))
    funcs = [(size, name) for size, name in funcs if not name.startswith(DESCRIPTOR)]
    total = sum(size for size, _ in funcs)
    sizes = Counter()
    for size, name in funcs:
        sizes[group(name)] += size
    ours = sum(v for k, v in sizes.items() if k.startswith("cnn_playground"))
    print(f"{sys.argv[1]}: {len(funcs)} functions, {total:,} bytes of code before wasm-opt "
          f"(not counting {described:,} of wasm-bindgen's type descriptors, which it removes)")
    for key, size in sizes.most_common():
        if size * 200 < total:
            continue
        print(f"  {size:>9,}  {100 * size / total:5.1f}%  {key}")
    print(f"  {total - sum(v for v in sizes.values() if v * 200 >= total):>9,}         the rest (each under 0.5%)")
    print(f"  our code: {100 * ours / total:.1f}%; its views (web): "
          f"{100 * sum(v for k, v in sizes.items() if k.startswith('cnn_playground::web')) / total:.1f}%")
    if len(sys.argv) == 3:
        shipped = open(sys.argv[2], "rb").read()
        # `gzip -9n`, as `make site` writes the twin the server sends.
        gz = len(subprocess.run(["gzip", "-9nc", sys.argv[2]], capture_output=True, check=True).stdout)
        print(f"{sys.argv[2]}: {len(shipped):,} bytes, {gz:,} gzipped "
              f"(target <= 400 KB: {'met' if gz <= 400_000 else 'NOT met'})")


if __name__ == "__main__":
    main()
