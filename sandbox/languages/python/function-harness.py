# Codeground function-mode harness. It follows the learner's code in main.py, after a
# generated line that sets __cg_function_name, __cg_param_types and __cg_returns.
# stdin: the arguments as one JSON array. stdout: the result in canonical spaced JSON.
import json as __cg_json
import os as __cg_os
import re as __cg_re
import sys as __cg_sys

__cg_escape_re = __cg_re.compile(
    r'["\\\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\ud800-\udfff]'
)


def __cg_escape_char(match):
    c = match.group()
    if c == '"':
        return '\\"'
    if c == "\\":
        return "\\\\"
    return "\\u%04x" % ord(c)


def __cg_decode(value_type, value):
    if "float" not in value_type:
        return value
    if value_type.endswith("[]"):
        return [__cg_decode(value_type[:-2], item) for item in value]
    return float(value)


def __cg_put(value, parts):
    if value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(str(value))
    elif isinstance(value, float):
        parts.append(repr(value))
    elif isinstance(value, str):
        parts.append('"' + __cg_escape_re.sub(__cg_escape_char, value) + '"')
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[ ]")
            return
        parts.append("[")
        first = True
        for item in value:
            if not first:
                parts.append(",")
            first = False
            __cg_put(item, parts)
        parts.append("]")
    else:
        raise TypeError(
            "%s() returned a %s; expected %s" % (__cg_function_name, type(value).__name__, __cg_returns)
        )


def __cg_main():
    function = globals().get(__cg_function_name)
    if not callable(function):
        __cg_sys.stderr.write("Define a function named %s.\n" % __cg_function_name)
        __cg_sys.exit(1)
    raw = __cg_json.loads(__cg_sys.stdin.buffer.read())
    args = [__cg_decode(t, v) for t, v in zip(__cg_param_types, raw)]
    # The learner's output goes to stderr, at the Python and the file-descriptor level;
    # the result goes to the saved stdout.
    result_fd = __cg_os.dup(1)
    __cg_os.dup2(2, 1)
    __cg_sys.stdout = __cg_sys.stderr
    result = function(*args)
    parts = []
    __cg_put(result, parts)
    data = memoryview((" ".join(parts) + "\n").encode("utf-8"))
    while data:
        data = data[__cg_os.write(result_fd, data):]


__cg_main()
