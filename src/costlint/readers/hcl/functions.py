"""Terraform's built-in functions, on costlint's value representation (see ``values.py``).

Each function takes the evaluated arguments. Unless registered as ``shallow``, a function whose
arguments hold an unknown anywhere returns that unknown (its reason names the origin); shallow
functions (``length``, ``merge``, ``lookup``, ``concat``...) work on collections with unknown elements,
so that, e.g., a list with unknown elements keeps a known length. File functions live in
``evaluate.py`` (they need the module's directory).
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import math
import re
from collections.abc import Callable
from typing import Any

from costlint.model import Unknown, first_unknown
from costlint.readers.hcl.values import (
    EvalError,
    equal,
    format_number,
    make_set,
    normalize_number,
    to_bool,
    to_number,
    to_string,
    type_name,
)

Function = Callable[..., Any]
FUNCTIONS: dict[str, tuple[Function, bool]] = {}
"""name -> (implementation, shallow)."""


def register(name: str, shallow: bool = False) -> Callable[[Function], Function]:
    def wrap(func: Function) -> Function:
        FUNCTIONS[name] = (func, shallow)
        return func

    return wrap


def _list(value: Any, what: str = "list") -> list[Any]:
    if isinstance(value, list):
        return value
    raise EvalError(f"a {what} is required, got {type_name(value)}")


def _map(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise EvalError(f"a map is required, got {type_name(value)}")


def _str(value: Any) -> str:
    result = to_string(value)
    assert isinstance(result, str)  # unknowns were filtered before the call
    return result


def _int(value: Any) -> int:
    number = to_number(value)
    if isinstance(number, float):
        if not number.is_integer():
            raise EvalError(f"a whole number is required, got {format_number(number)}")
        return int(number)
    assert isinstance(number, int)
    return number


# Collections (shallow: unknown elements are fine) -----------------------------------------------


@register("length", shallow=True)
def _length(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, (list, dict, str)):
        return len(value)
    raise EvalError(f"cannot take the length of {type_name(value)}")


@register("lookup", shallow=True)
def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    if isinstance(mapping, Unknown):
        return mapping
    if isinstance(key, Unknown):
        return key
    key = _str(key)
    if len(default) > 1:
        raise EvalError("lookup() takes 2 or 3 arguments")
    mapping = _map(mapping)
    if key in mapping:
        return mapping[key]
    if default:
        return default[0]
    raise EvalError(f'lookup failed to find key "{key}"')


@register("merge", shallow=True)
def _merge(*maps: Any) -> Any:
    out: dict[str, Any] = {}
    for item in maps:
        if item is None:
            continue
        if isinstance(item, Unknown):
            return item
        out.update(_map(item))
    return out


@register("concat", shallow=True)
def _concat(*lists: Any) -> Any:
    out: list[Any] = []
    for item in lists:
        if isinstance(item, Unknown):
            return item
        out.extend(_list(item))
    return out


@register("element", shallow=True)
def _element(items: Any, index: Any) -> Any:
    if isinstance(items, Unknown):
        return items
    if isinstance(index, Unknown):
        return index
    items = _list(items)
    if not items:
        raise EvalError("cannot use element() with an empty list")
    # Negative indexes count from the end, wrapping like positive ones (Terraform 1.x on lists).
    return items[_int(index) % len(items)]


@register("keys", shallow=True)
def _keys(mapping: Any) -> Any:
    if isinstance(mapping, Unknown):
        return mapping
    return sorted(_map(mapping))


@register("values", shallow=True)
def _values(mapping: Any) -> Any:
    if isinstance(mapping, Unknown):
        return mapping
    mapping = _map(mapping)
    return [mapping[k] for k in sorted(mapping)]


@register("contains", shallow=True)
def _contains(items: Any, value: Any) -> Any:
    if isinstance(items, Unknown):
        return items
    if isinstance(value, Unknown):
        return value
    pending: Unknown | None = None
    for item in _list(items):
        same = equal(item, value)
        if isinstance(same, Unknown):
            if pending is None:  # never `pending or same`: an Unknown has no truth value
                pending = same
        elif same:
            return True
    return pending if pending is not None else False


@register("flatten", shallow=True)
def _flatten(items: Any) -> Any:
    if isinstance(items, Unknown):
        return items
    out: list[Any] = []
    stack = [iter(_list(items))]
    while stack:
        for item in stack[-1]:
            if isinstance(item, list):
                stack.append(iter(item))
                break
            if isinstance(item, Unknown):
                return item  # an unknown element could be a list: the result's length is unknown
            out.append(item)
        else:
            stack.pop()
    return out


@register("coalesce", shallow=True)
def _coalesce(*args: Any) -> Any:
    for arg in args:
        if isinstance(arg, Unknown):
            return arg
        if arg is not None and arg != "":
            return arg
    raise EvalError("no non-null, non-empty-string arguments to coalesce()")


@register("coalescelist", shallow=True)
def _coalescelist(*args: Any) -> Any:
    for arg in args:
        if isinstance(arg, Unknown):
            return arg
        if _list(arg):
            return arg
    return []


@register("tolist", shallow=True)
def _tolist(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    return list(_list(value))


@register("toset", shallow=True)
def _toset(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    return make_set(list(_list(value)))


@register("tomap", shallow=True)
def _tomap(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    return dict(_map(value))


@register("zipmap", shallow=True)
def _zipmap(keys: Any, values: Any) -> Any:
    if isinstance(keys, Unknown):
        return keys
    if isinstance(values, Unknown):
        return values
    keys, values = _list(keys), _list(values)
    unknown = first_unknown(keys)
    if unknown is not None:
        return unknown
    if len(keys) != len(values):
        raise EvalError("zipmap() needs lists of the same length")
    return {_str(k): v for k, v in zip(keys, values, strict=False)}


@register("slice", shallow=True)
def _slice(items: Any, start: Any, end: Any) -> Any:
    for arg in (start, end):
        if isinstance(arg, Unknown):
            return arg
    if isinstance(items, Unknown):
        # `slice(data.aws_availability_zones.available.names, 0, 3)` is how most modules pick their
        # AZs: the elements are unknown, but Terraform guarantees the length (it errors otherwise),
        # so count = length(var.azs) stays known downstream.
        first, last = _int(start), _int(end)
        if first < 0 or first > last:
            raise EvalError(f"slice({first}, {last}) is out of range")
        return [Unknown(f"element {i} of {items.reason}", items.ref) for i in range(first, last)]
    items = _list(items)
    first, last = _int(start), _int(end)
    if first < 0 or last > len(items) or first > last:
        raise EvalError(f"slice({first}, {last}) is out of range for a list of {len(items)}")
    return items[first:last]


@register("reverse", shallow=True)
def _reverse(items: Any) -> Any:
    if isinstance(items, Unknown):
        return items
    return list(reversed(_list(items)))


@register("one", shallow=True)
def _one(items: Any) -> Any:
    if isinstance(items, Unknown):
        return items
    items = _list(items)
    if len(items) > 1:
        raise EvalError(f"one() needs a list of at most one element, got {len(items)}")
    return items[0] if items else None


@register("nonsensitive", shallow=True)
@register("sensitive", shallow=True)
def _identity(value: Any) -> Any:
    return value


@register("tostring", shallow=True)
def _tostring(value: Any) -> Any:
    if value is None:
        return None
    return to_string(value)


@register("tonumber", shallow=True)
def _tonumber(value: Any) -> Any:
    if value is None:
        return None
    return to_number(value)


@register("tobool", shallow=True)
def _tobool(value: Any) -> Any:
    if value is None:
        return None
    return to_bool(value)


@register("type", shallow=True)
def _type(value: Any) -> Any:
    return value if isinstance(value, Unknown) else type_name(value)


# Collections needing every element --------------------------------------------------------------


@register("distinct")
def _distinct(items: Any) -> Any:
    out: list[Any] = []
    for item in _list(items):
        if not any(equal(item, seen) is True for seen in out):
            out.append(item)
    return out


@register("compact")
def _compact(items: Any) -> Any:
    return [i for i in _list(items) if i is not None and i != ""]


@register("sort")
def _sort(items: Any) -> Any:
    return sorted(_str(i) for i in _list(items))


@register("sum")
def _sum(items: Any) -> Any:
    items = _list(items)
    if not items:
        raise EvalError("cannot sum an empty list")
    numbers = [to_number(i) for i in items]
    known: list[int | float] = []
    for number in numbers:
        if isinstance(number, Unknown):
            return number  # an unknown element makes the sum unknown
        known.append(number)
    return normalize_number(math.fsum(known) if any(isinstance(n, float) for n in known) else sum(known))


@register("alltrue")
def _alltrue(items: Any) -> Any:
    return all(to_bool(i) for i in _list(items))


@register("anytrue")
def _anytrue(items: Any) -> Any:
    return any(to_bool(i) for i in _list(items))


@register("index")
def _index(items: Any, value: Any) -> Any:
    for position, item in enumerate(_list(items)):
        if equal(item, value) is True:
            return position
    raise EvalError("item not found in list")


@register("range")
def _range(*args: Any) -> Any:
    numbers: list[int | float] = []
    for argument in args:
        number = to_number(argument)
        if isinstance(number, Unknown):
            return number
        numbers.append(number)
    if not 1 <= len(numbers) <= 3:
        raise EvalError("range() takes 1 to 3 arguments")
    start: int | float = 0
    step: int | float = 1
    if len(numbers) == 1:
        end = numbers[0]
    else:
        start, end = numbers[0], numbers[1]
        if len(numbers) == 3:
            step = numbers[2]
        elif end < start:
            step = -1
    if step == 0:
        raise EvalError("range() step must not be zero")
    out: list[Any] = []
    value = start
    while (value < end) if step > 0 else (value > end):
        out.append(normalize_number(value))
        value += step
        if len(out) > 1_000_000:
            raise EvalError("range() result is too long")
    return out


@register("chunklist")
def _chunklist(items: Any, size: Any) -> Any:
    items, n = _list(items), _int(size)
    if n < 0:
        raise EvalError("chunklist() size must not be negative")
    if n == 0:
        return [items]
    return [items[i : i + n] for i in range(0, len(items), n)]


@register("setunion")
def _setunion(*sets: Any) -> Any:
    return make_set([item for s in sets for item in _list(s)])


@register("setintersection")
def _setintersection(first: Any, *others: Any) -> Any:
    result = [i for i in _list(first) if all(any(equal(i, o) is True for o in _list(s)) for s in others)]
    return make_set(result)


@register("setsubtract")
def _setsubtract(first: Any, second: Any) -> Any:
    return make_set([i for i in _list(first) if not any(equal(i, o) is True for o in _list(second))])


@register("setproduct")
def _setproduct(*sets: Any) -> Any:
    result: list[list[Any]] = [[]]
    for s in sets:
        result = [[*prefix, item] for prefix in result for item in _list(s)]
    return result


@register("transpose")
def _transpose(mapping: Any) -> Any:
    out: dict[str, list[str]] = {}
    for key, items in _map(mapping).items():
        for item in _list(items):
            out.setdefault(_str(item), []).append(key)
    return {k: sorted(v) for k, v in sorted(out.items())}


# Strings ----------------------------------------------------------------------------------------

_VERB = re.compile(r"%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([a-zA-Z%])")


def _format_one(flags: str, width: str | None, precision: str | None, verb: str, value: Any) -> str:
    spec = flags.replace("#", "") + (width or "")
    if verb in ("s", "v"):
        text = json.dumps(value) if isinstance(value, (list, dict)) else _str(value)
        if precision:
            text = text[: int(precision)]
        return format(text, (">" if "-" not in flags else "<") + (width or ""))
    if verb == "q":
        return format(json.dumps(_str(value), ensure_ascii=False), (">" if "-" not in flags else "<") + (width or ""))
    if verb == "t":
        return "true" if to_bool(value) else "false"
    number = to_number(value)
    if verb == "d":
        return ("%" + spec + "d") % _int(number)
    if verb in "xXob":
        return format(_int(number), spec.replace("-", "<") + verb)
    if verb in "feEgG":
        return ("%" + spec + ("." + precision if precision else "") + verb) % float(number)  # type: ignore[arg-type]
    raise EvalError(f"unsupported format verb %{verb}")


@register("format")
def _format(fmt: Any, *args: Any) -> Any:
    fmt = _str(fmt)
    out: list[str] = []
    position = 0
    last = 0
    for match in _VERB.finditer(fmt):
        out.append(fmt[last : match.start()])
        last = match.end()
        flags, width, precision, verb = match.groups()
        if verb == "%":
            out.append("%")
            continue
        if position >= len(args):
            raise EvalError("not enough arguments for format string")
        out.append(_format_one(flags, width, precision, verb, args[position]))
        position += 1
    out.append(fmt[last:])
    return "".join(out)


@register("formatlist")
def _formatlist(fmt: Any, *args: Any) -> Any:
    lengths = {len(a) for a in args if isinstance(a, list)}
    if len(lengths) > 1:
        raise EvalError("formatlist() lists must all have the same length")
    if not lengths:
        return [_format(fmt, *args)]
    n = lengths.pop()
    return [_format(fmt, *[a[i] if isinstance(a, list) else a for a in args]) for i in range(n)]


@register("join")
def _join(separator: Any, *lists: Any) -> Any:
    return _str(separator).join(_str(i) for items in lists for i in _list(items))


@register("split")
def _split(separator: Any, text: Any) -> Any:
    text = _str(text)
    return text.split(_str(separator)) if text else [""]


register("lower")(lambda s: _str(s).lower())
register("upper")(lambda s: _str(s).upper())
register("trimspace")(lambda s: _str(s).strip())
register("chomp")(lambda s: _str(s).rstrip("\r\n"))
register("strrev")(lambda s: _str(s)[::-1])
register("title")(lambda s: re.sub(r"\b([a-z])", lambda m: m.group(1).upper(), _str(s)))
register("startswith")(lambda s, prefix: _str(s).startswith(_str(prefix)))
register("endswith")(lambda s, suffix: _str(s).endswith(_str(suffix)))
register("trimprefix")(lambda s, prefix: _str(s).removeprefix(_str(prefix)))
register("trimsuffix")(lambda s, suffix: _str(s).removesuffix(_str(suffix)))
register("trim")(lambda s, chars: _str(s).strip(_str(chars)))
register("strcontains")(lambda s, sub: _str(sub) in _str(s))
register("base64encode")(lambda s: base64.b64encode(_str(s).encode()).decode())
register("base64decode")(lambda s: base64.b64decode(_str(s)).decode("utf-8", errors="replace"))
register("md5")(lambda s: hashlib.md5(_str(s).encode()).hexdigest())
register("sha1")(lambda s: hashlib.sha1(_str(s).encode()).hexdigest())
register("sha256")(lambda s: hashlib.sha256(_str(s).encode()).hexdigest())
register("base64sha256")(lambda s: base64.b64encode(hashlib.sha256(_str(s).encode()).digest()).decode())
register("base64sha512")(lambda s: base64.b64encode(hashlib.sha512(_str(s).encode()).digest()).decode())
register("sha512")(lambda s: hashlib.sha512(_str(s).encode()).hexdigest())
register("urlencode")(lambda s: __import__("urllib.parse").parse.quote(_str(s), safe=""))
register("indent")(lambda n, s: _str(s).replace("\n", "\n" + " " * _int(n)))


@register("replace")
def _replace(text: Any, search: Any, replacement: Any) -> Any:
    text, search, replacement = _str(text), _str(search), _str(replacement)
    if len(search) > 1 and search.startswith("/") and search.endswith("/"):
        pattern = _compile(search[1:-1])
        return pattern.sub(
            re.sub(r"\$(\d+|\{\w+\})", lambda m: "\\g<" + m.group(1).strip("{}") + ">", replacement), text
        )
    return text.replace(search, replacement)


@register("substr")
def _substr(text: Any, offset: Any, length: Any) -> Any:
    text, start, count = _str(text), _int(offset), _int(length)
    if start < 0:
        start = max(len(text) + start, 0)
    return text[start:] if count == -1 else text[start : start + count]


def _compile(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise EvalError(f"invalid regular expression {pattern!r}: {exc}") from None


def _match_value(match: re.Match[str]) -> Any:
    if match.re.groupindex:
        return {name: match.group(name) for name in match.re.groupindex}
    if match.re.groups:
        return list(match.groups())
    return match.group(0)


@register("regex")
def _regex(pattern: Any, text: Any) -> Any:
    match = _compile(_str(pattern)).search(_str(text))
    if match is None:
        raise EvalError("regex() pattern did not match")
    return _match_value(match)


@register("regexall")
def _regexall(pattern: Any, text: Any) -> Any:
    return [_match_value(m) for m in _compile(_str(pattern)).finditer(_str(text))]


# Numbers ----------------------------------------------------------------------------------------


def _numbers(args: tuple[Any, ...]) -> list[int | float]:
    if not args:
        raise EvalError("at least one number is required")
    return [to_number(a) for a in args]  # type: ignore[misc]


register("min")(lambda *args: min(_numbers(args)))
register("max")(lambda *args: max(_numbers(args)))
register("abs")(lambda n: abs(to_number(n)))  # type: ignore[arg-type]
register("ceil")(lambda n: math.ceil(to_number(n)))  # type: ignore[arg-type]
register("floor")(lambda n: math.floor(to_number(n)))  # type: ignore[arg-type]
register("signum")(lambda n: (to_number(n) > 0) - (to_number(n) < 0))  # type: ignore[operator]
register("log")(lambda n, base: normalize_number(math.log(to_number(n), to_number(base))))  # type: ignore[arg-type]


@register("pow")
def _pow(base: Any, exponent: Any) -> Any:
    return normalize_number(float(to_number(base)) ** to_number(exponent))  # type: ignore[arg-type,operator]


@register("parseint")
def _parseint(text: Any, base: Any) -> Any:
    try:
        return int(_str(text), _int(base))
    except ValueError:
        raise EvalError(f"cannot parse {text!r} as a base {base} integer") from None


# Encoding ---------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return normalize_number(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@register("jsonencode")
def _jsonencode(value: Any) -> Any:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@register("jsondecode")
def _jsondecode(text: Any) -> Any:
    try:
        return _plain(json.loads(_str(text)))
    except ValueError as exc:
        raise EvalError(f"invalid JSON: {exc}") from None


@register("yamldecode")
def _yamldecode(text: Any) -> Any:
    from costlint.bounded_yaml import YamlProblem, load

    try:
        # Terraform's decoder accepts a repeated key (the last wins), as PyYAML does.
        return _plain(load(_str(text), duplicate_keys=False).data)
    except YamlProblem as exc:
        raise EvalError(f"invalid YAML (line {exc.line}): {exc.message}") from None


@register("yamlencode")
def _yamlencode(value: Any) -> Any:
    import yaml

    return yaml.safe_dump(value, sort_keys=False)


# Network ----------------------------------------------------------------------------------------


def _network(prefix: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        return ipaddress.ip_network(_str(prefix), strict=False)
    except ValueError as exc:
        raise EvalError(f"invalid CIDR prefix: {exc}") from None


@register("cidrsubnet")
def _cidrsubnet(prefix: Any, newbits: Any, netnum: Any) -> Any:
    network = _network(prefix)
    bits, number = _int(newbits), _int(netnum)
    new_prefix = network.prefixlen + bits
    if new_prefix > network.max_prefixlen or number >= 2**bits or number < 0:
        raise EvalError("cidrsubnet() arguments do not fit in the prefix")
    size = 2 ** (network.max_prefixlen - new_prefix)
    address = ipaddress.ip_address(int(network.network_address) + number * size)
    return f"{address}/{new_prefix}"


@register("cidrhost")
def _cidrhost(prefix: Any, hostnum: Any) -> Any:
    network = _network(prefix)
    number = _int(hostnum)
    base = int(network.broadcast_address) + 1 if number < 0 else int(network.network_address)
    return str(ipaddress.ip_address(base + number))


@register("cidrnetmask")
def _cidrnetmask(prefix: Any) -> Any:
    return str(_network(prefix).netmask)


@register("cidrsubnets", shallow=True)
def _cidrsubnets(prefix: Any, *newbits: Any) -> Any:
    unknown = first_unknown(newbits)
    if unknown is not None:
        return unknown
    if isinstance(prefix, Unknown):  # one subnet per size: the list's length is known
        return [prefix] * len(newbits)
    network = _network(prefix)
    out: list[str] = []
    cursor = int(network.network_address)
    for bits in newbits:
        new_prefix = network.prefixlen + _int(bits)
        size = 2 ** (network.max_prefixlen - new_prefix)
        cursor = (cursor + size - 1) // size * size
        out.append(f"{ipaddress.ip_address(cursor)}/{new_prefix}")
        cursor += size
    return out


# Paths (pure string operations: nothing is read) -------------------------------------------------

register("basename")(lambda p: __import__("posixpath").basename(_str(p).rstrip("/")) or "/")
register("dirname")(lambda p: __import__("posixpath").dirname(_str(p).rstrip("/")) or ".")
register("abspath")(lambda p: __import__("os").path.abspath(_str(p)))
register("pathexpand")(lambda p: __import__("os").path.expanduser(_str(p)))


@register("matchkeys")
def _matchkeys(values: Any, keys: Any, searchset: Any) -> Any:
    values, keys, wanted = _list(values), _list(keys), _list(searchset)
    if len(values) != len(keys):
        raise EvalError("matchkeys() needs values and keys of the same length")
    return [v for v, k in zip(values, keys, strict=True) if any(equal(k, w) is True for w in wanted)]


# Values only known after apply ------------------------------------------------------------------

for _name in ("timestamp", "uuid", "plantimestamp", "bcrypt", "uuidv5", "timeadd"):
    register(_name, shallow=True)(lambda *args, _n=_name: Unknown(f"{_n}() is known only when Terraform runs"))
