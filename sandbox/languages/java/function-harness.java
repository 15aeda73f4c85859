// Codeground function-mode harness, compiled as Main.java next to the learner's Solution.java.
// stdin: the arguments as one JSON array. stdout: the result in canonical spaced JSON.
import java.io.PrintStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public class Main {
    public static void main(String[] argv) throws Exception {
        // Before any of the learner's code runs (a static initializer of Solution included), their
        // output goes to stderr; the result to the original stdout.
        PrintStream cgOut = System.out;
        System.setOut(System.err);
        List<?> cgArgs = (List<?>) new CgJson(new String(System.in.readAllBytes(), StandardCharsets.UTF_8)).value();
        /*CG:ARGS*/
        Object cgResult = new Solution()./*CG:CALL*/;
        System.err.flush();
        StringBuilder sb = new StringBuilder();
        CgJson.put(sb, cgResult);
        sb.append('\n');
        cgOut.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        cgOut.flush();
    }
}

final class CgJson {
    private final String s;
    private int i;

    CgJson(String s) {
        this.s = s;
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private IllegalStateException bad(String what) {
        return new IllegalStateException("malformed arguments: " + what + " at offset " + i);
    }

    Object value() {
        ws();
        if (i >= s.length()) throw bad("unexpected end");
        char c = s.charAt(i);
        if (c == '[') {
            i++;
            List<Object> list = new ArrayList<>();
            ws();
            if (i < s.length() && s.charAt(i) == ']') {
                i++;
                return list;
            }
            while (true) {
                list.add(value());
                ws();
                if (i >= s.length()) throw bad("unterminated array");
                char d = s.charAt(i++);
                if (d == ']') return list;
                if (d != ',') throw bad("expected , or ]");
            }
        }
        if (c == '"') return string();
        if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
        if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
        if (s.startsWith("null", i)) { i += 4; return null; }
        int start = i;
        boolean decimal = false;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            char d = s.charAt(i++);
            if (d == '.' || d == 'e' || d == 'E') decimal = true;
        }
        if (start == i) throw bad("unexpected character");
        String number = s.substring(start, i);
        if (!decimal) {
            try {
                return Long.parseLong(number);
            } catch (NumberFormatException beyondLong) {
                // an integral float such as 1e20, written by JSON without an exponent
            }
        }
        return Double.parseDouble(number);
    }

    private String string() {
        i++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) throw bad("unterminated string");
            char c = s.charAt(i++);
            if (c == '"') return sb.toString();
            if (c != '\\') { sb.append(c); continue; }
            char e = s.charAt(i++);
            switch (e) {
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u': sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                default: sb.append(e);
            }
        }
    }

    private static Class<?> arrayClass(String type) {
        switch (type) {
            case "int[]": return int[].class;
            case "long[]": return long[].class;
            case "float[]": return double[].class;
            case "bool[]": return boolean[].class;
            default: return String[].class;
        }
    }

    /** The JSON value as the Java type of a signature type (int -> int, float[] -> double[], ...). */
    static Object convert(Object v, String type) {
        if (!type.endsWith("[]")) {
            switch (type) {
                case "int": return ((Number) v).intValue();
                case "long": return ((Number) v).longValue();
                case "float": return ((Number) v).doubleValue();
                default: return v;
            }
        }
        List<?> list = (List<?>) v;
        String item = type.substring(0, type.length() - 2);
        int n = list.size();
        switch (item) {
            case "int": { int[] a = new int[n]; for (int k = 0; k < n; k++) a[k] = ((Number) list.get(k)).intValue(); return a; }
            case "long": { long[] a = new long[n]; for (int k = 0; k < n; k++) a[k] = ((Number) list.get(k)).longValue(); return a; }
            case "float": { double[] a = new double[n]; for (int k = 0; k < n; k++) a[k] = ((Number) list.get(k)).doubleValue(); return a; }
            case "bool": { boolean[] a = new boolean[n]; for (int k = 0; k < n; k++) a[k] = (Boolean) list.get(k); return a; }
            case "string": { String[] a = new String[n]; for (int k = 0; k < n; k++) a[k] = (String) list.get(k); return a; }
            default: {
                Object a = Array.newInstance(arrayClass(item), n);
                for (int k = 0; k < n; k++) Array.set(a, k, convert(list.get(k), item));
                return a;
            }
        }
    }

    private static boolean mustEscape(char u) {
        return u <= 0x20 || (u >= 0x7f && u <= 0xa0) || u == 0x1680 || (u >= 0x2000 && u <= 0x200a)
            || u == 0x2028 || u == 0x2029 || u == 0x202f || u == 0x205f || u == 0x3000 || u == 0xfeff
            || Character.isSurrogate(u);
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int k = 0; k < s.length(); k++) {
            char u = s.charAt(k);
            if (u == '"') sb.append("\\\"");
            else if (u == '\\') sb.append("\\\\");
            else if (Character.isHighSurrogate(u) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
                sb.append(u).append(s.charAt(++k));
            } else if (mustEscape(u)) sb.append(String.format("\\u%04x", (int) u));
            else sb.append(u);
        }
        sb.append('"');
    }

    /** Appends `v` in canonical spaced JSON. */
    static void put(StringBuilder sb, Object v) {
        if (v == null) sb.append("null");
        else if (v instanceof Boolean) sb.append(((Boolean) v) ? "true" : "false");
        else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) sb.append(v);
        else if (v instanceof Double || v instanceof Float) sb.append(Double.toString(((Number) v).doubleValue()));
        else if (v instanceof String) quote(sb, (String) v);
        else if (v instanceof Character) quote(sb, String.valueOf(v));
        else if (v instanceof List) putItems(sb, ((List<?>) v).toArray());
        else if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            Object[] items = new Object[n];
            for (int k = 0; k < n; k++) items[k] = Array.get(v, k);
            putItems(sb, items);
        } else throw new IllegalStateException("the solution returned a " + v.getClass().getName() + ", which has no JSON form");
    }

    private static void putItems(StringBuilder sb, Object[] items) {
        if (items.length == 0) { sb.append("[ ]"); return; }
        sb.append("[ ");
        for (int k = 0; k < items.length; k++) {
            if (k > 0) sb.append(" , ");
            put(sb, items[k]);
        }
        sb.append(" ]");
    }
}
