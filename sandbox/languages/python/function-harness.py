# Codeground function-mode harness: main.py, next to the learner's solution.py. Generated lines
# above set __cg_function_name, __cg_param_types and __cg_returns.
# stdin: the arguments as one JSON array. stdout: the result in canonical spaced JSON.
import json as __cg_json
import os as __cg_os
import re as __cg_re
import sys as __cg_sys
import traceback as __cg_traceback
import types as __cg_types

# Before any of the learner's code runs, at the top level or in the function, their output is
# sent to stderr at the Python and the file-descriptor level; the result goes to the saved stdout.
__cg_result_fd = __cg_os.dup(1)
__cg_os.dup2(2, 1)
__cg_sys.stdout = __cg_sys.stderr

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


def __cg_load_solution():
    """The learner's solution.py as the module `solution`, so messages name their own file and lines."""
    module = __cg_types.ModuleType("solution")
    module.__file__ = "solution.py"
    __cg_sys.modules["solution"] = module
    with open(__cg_os.path.join(__cg_os.path.dirname(__file__), "solution.py"), "rb") as source:
        code = compile(source.read(), "solution.py", "exec", dont_inherit=True)
    exec(code, module.__dict__)
    return module


def __cg_main():
    raw = __cg_json.loads(__cg_sys.stdin.buffer.read())
    args = [__cg_decode(t, v) for t, v in zip(__cg_param_types, raw)]
    function = getattr(__cg_load_solution(), __cg_function_name, None)
    if not callable(function):
        __cg_sys.stderr.write("Define a function named %s.\n" % __cg_function_name)
        __cg_sys.exit(1)
    result = function(*args)
    parts = []
    __cg_put(result, parts)
    data = memoryview((" ".join(parts) + "\n").encode("utf-8"))
    while data:
        data = data[__cg_os.write(__cg_result_fd, data):]


try:
    __cg_main()
except Exception as error:
    # The traceback starts at the learner's code: the harness's own frames are left out.
    trace = error.__traceback__
    while trace is not None and trace.tb_frame.f_code.co_filename == __file__:
        trace = trace.tb_next
    __cg_traceback.print_exception(type(error), error, trace)
    __cg_sys.exit(1)
