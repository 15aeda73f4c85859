// Codeground function-mode harness: main.go, built with the learner's solution.go (package main).
// stdin: the arguments as one JSON array. stdout: the result in canonical spaced JSON.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"syscall"
	"unicode/utf8"
)

// Package-level variables are initialised in the order their files reach the compiler (main.go
// before solution.go) and before any init function, so this runs ahead of every line of the
// learner's: their output goes to stderr, the result to the saved stdout.
var cgResultFd = cgDivertStdout()

func cgDivertStdout() int {
	saved, err := syscall.Dup(1)
	if err == nil {
		err = syscall.Dup3(2, 1, 0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot set stdout aside:", err)
		os.Exit(4)
	}
	return saved
}

func cgDecode(raw []byte, target any, what string) {
	if err := json.Unmarshal(raw, target); err != nil {
		fmt.Fprintf(os.Stderr, "malformed arguments (%s): %v\n", what, err)
		os.Exit(3)
	}
}

func cgMustEscape(r rune) bool {
	return r <= 0x20 || (r >= 0x7f && r <= 0xa0) || r == 0x1680 || (r >= 0x2000 && r <= 0x200a) ||
		r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f || r == 0x3000 || r == 0xfeff ||
		(r >= 0xd800 && r <= 0xdfff)
}

func cgPutString(out []byte, s string) []byte {
	const digits = "0123456789abcdef"
	out = append(out, '"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1: // not UTF-8: pass the byte through
			out = append(out, s[i])
		case r == '"':
			out = append(out, '\\', '"')
		case r == '\\':
			out = append(out, '\\', '\\')
		case cgMustEscape(r):
			out = append(out, '\\', 'u', digits[r>>12&0xf], digits[r>>8&0xf], digits[r>>4&0xf], digits[r&0xf])
		default:
			out = append(out, s[i:i+size]...)
		}
		i += size
	}
	return append(out, '"')
}

func cgPut(out []byte, v reflect.Value) []byte {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(out, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.AppendUint(out, v.Uint(), 10)
	case reflect.Float32:
		return strconv.AppendFloat(out, v.Float(), 'g', -1, 32)
	case reflect.Float64:
		return strconv.AppendFloat(out, v.Float(), 'g', -1, 64)
	case reflect.Bool:
		return strconv.AppendBool(out, v.Bool())
	case reflect.String:
		return cgPutString(out, v.String())
	case reflect.Slice, reflect.Array:
		if v.Len() == 0 {
			return append(out, "[ ]"...)
		}
		out = append(out, '[', ' ')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				out = append(out, " , "...)
			}
			out = cgPut(out, v.Index(i))
		}
		return append(out, ' ', ']')
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return append(out, "null"...)
		}
		return cgPut(out, v.Elem())
	case reflect.Invalid:
		return append(out, "null"...)
	}
	fmt.Fprintf(os.Stderr, "/*CG:NAME*/ returned a %s, which has no JSON form\n", v.Type())
	os.Exit(1)
	return out
}

func main() {
	cgInput, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot read the arguments:", err)
		os.Exit(3)
	}
	var cgArgs []json.RawMessage
	cgDecode(cgInput, &cgArgs, "the list")
	if len(cgArgs) != /*CG:COUNT*/ {
		fmt.Fprintf(os.Stderr, "malformed arguments: %d given\n", len(cgArgs))
		os.Exit(3)
	}
	/*CG:ARGS*/
	cgResult := /*CG:CALL*/
	out := cgPut(nil, reflect.ValueOf(cgResult))
	result := os.NewFile(uintptr(cgResultFd), "result")
	if _, err := result.Write(append(out, '\n')); err != nil {
		os.Exit(4)
	}
}
