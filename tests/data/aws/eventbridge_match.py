#!/usr/bin/env python3
"""Amazon EventBridge event-pattern matching, as the EventBridge User Guide documents it
("Amazon EventBridge event patterns", "Comparison operators"), for tests/monitor.rs.

Usage: eventbridge_match.py PATTERN.json EVENT.json...
Prints "match" or "no match" per event. Exit 2 if the pattern is not a valid event pattern.

- A pattern is a non-empty JSON object; each field is an object (match nested fields) or a
  non-empty array of values and content filters; every field of the pattern must match, fields of
  the event that the pattern does not name are ignored.
- An array matches when the event's value equals any element (strings, numbers, null compared
  exactly, case-sensitively); when the event's value is an array, when any of its elements does.
- A field absent from the event matches only {"exists": false}.
- Content filters: prefix, suffix, equals-ignore-case, anything-but (a value or a list), exists.
"""
import json
import sys

FILTERS = {"prefix", "suffix", "equals-ignore-case", "anything-but", "exists"}
MISSING = object()


def check_pattern(p, path="pattern"):
    if not isinstance(p, dict) or not p:
        raise ValueError(f"{path} must be a non-empty object")
    for key, value in p.items():
        where = f"{path}.{key}"
        if isinstance(value, dict):
            check_pattern(value, where)
        elif isinstance(value, list):
            if not value:
                raise ValueError(f"{where} is an empty array")
            for v in value:
                if isinstance(v, dict):
                    if len(v) != 1 or next(iter(v)) not in FILTERS:
                        raise ValueError(f"{where} holds an unknown filter {v}")
                elif isinstance(v, list):
                    raise ValueError(f"{where} holds a nested array")
        else:
            raise ValueError(f"{where} must be an object or an array, not {value!r}")


def one(filt, value):
    if not isinstance(filt, dict):
        return value is not MISSING and value == filt and type(value) is type(filt)
    (op, arg), = filt.items()
    if op == "exists":
        return (value is not MISSING) == arg
    if value is MISSING:
        return False
    if op == "prefix":
        return isinstance(value, str) and value.startswith(arg)
    if op == "suffix":
        return isinstance(value, str) and value.endswith(arg)
    if op == "equals-ignore-case":
        return isinstance(value, str) and value.lower() == arg.lower()
    if op == "anything-but":
        banned = arg if isinstance(arg, list) else [arg]
        return value not in banned
    raise ValueError(op)


def leaf(filters, value):
    values = value if isinstance(value, list) else [value]
    if isinstance(value, list) and not value:
        values = [MISSING]
    return any(one(f, v) for f in filters for v in values)


def matches(pattern, event):
    for key, want in pattern.items():
        value = event.get(key, MISSING) if isinstance(event, dict) else MISSING
        if isinstance(want, dict):
            if not isinstance(value, dict) or not matches(want, value):
                return False
        elif not leaf(want, value):
            return False
    return True


def main():
    with open(sys.argv[1]) as f:
        pattern = json.load(f)
    try:
        check_pattern(pattern)
    except ValueError as e:
        print(f"invalid event pattern: {e}", file=sys.stderr)
        return 2
    for name in sys.argv[2:]:
        with open(name) as f:
            event = json.load(f)
        print(f"{name}: {'match' if matches(pattern, event) else 'no match'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
