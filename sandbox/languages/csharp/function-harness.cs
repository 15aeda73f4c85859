// Codeground function-mode harness, compiled as main.cs next to the learner's Solution.cs.
// stdin: the arguments as one JSON array. stdout: the result in canonical spaced JSON.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

static class CodegroundHarness
{
    static int Main()
    {
        // Before any of the learner's code runs (a static constructor of Solution included), their
        // output goes to stderr; the result to the original stdout.
        Stream cgOut = Console.OpenStandardOutput();
        Console.SetOut(Console.Error);
        MemoryStream cgIn = new MemoryStream();
        Console.OpenStandardInput().CopyTo(cgIn);
        CgJson cgReader = new CgJson(new UTF8Encoding(false).GetString(cgIn.GetBuffer(), 0, (int) cgIn.Length));
        List<object> cgArgs = (List<object>) cgReader.Value();
        /*CG:ARGS*/
        var cgResult = new Solution()./*CG:CALL*/;
        Console.Error.Flush();
        StringBuilder sb = new StringBuilder();
        CgJson.Put(sb, cgResult);
        sb.Append('\n');
        byte[] bytes = new UTF8Encoding(false).GetBytes(sb.ToString());
        cgOut.Write(bytes, 0, bytes.Length);
        cgOut.Flush();
        return 0;
    }
}

sealed class CgJson
{
    readonly string s;
    int i;

    public CgJson(string s)
    {
        this.s = s;
    }

    void Ws()
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++;
    }

    Exception Bad(string what)
    {
        return new FormatException("malformed arguments: " + what + " at offset " + i);
    }

    public object Value()
    {
        Ws();
        if (i >= s.Length) throw Bad("unexpected end");
        char c = s[i];
        if (c == '[')
        {
            i++;
            List<object> list = new List<object>();
            Ws();
            if (i < s.Length && s[i] == ']')
            {
                i++;
                return list;
            }
            while (true)
            {
                list.Add(Value());
                Ws();
                if (i >= s.Length) throw Bad("unterminated array");
                char d = s[i++];
                if (d == ']') return list;
                if (d != ',') throw Bad("expected , or ]");
            }
        }
        if (c == '"') return ReadString();
        if (string.CompareOrdinal(s, i, "true", 0, 4) == 0) { i += 4; return true; }
        if (string.CompareOrdinal(s, i, "false", 0, 5) == 0) { i += 5; return false; }
        if (string.CompareOrdinal(s, i, "null", 0, 4) == 0) { i += 4; return null; }
        int start = i;
        bool integral = true;
        while (i < s.Length && "+-0123456789.eE".IndexOf(s[i]) >= 0)
        {
            char d = s[i++];
            if (d == '.' || d == 'e' || d == 'E') integral = false;
        }
        if (start == i) throw Bad("unexpected character");
        string number = s.Substring(start, i - start);
        long whole;
        // An integral float such as 1e20 is written by JSON without an exponent: beyond long, a double.
        if (integral && long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out whole))
            return whole;
        return double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    string ReadString()
    {
        i++;
        StringBuilder sb = new StringBuilder();
        while (true)
        {
            if (i >= s.Length) throw Bad("unterminated string");
            char c = s[i++];
            if (c == '"') return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            if (i >= s.Length) throw Bad("unterminated escape");
            char e = s[i++];
            switch (e)
            {
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (i + 4 > s.Length) throw Bad("short \\u escape");
                    sb.Append((char) int.Parse(s.Substring(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: sb.Append(e); break;
            }
        }
    }

    /// <summary>The JSON value as the C# type of a signature type (int -> int, float[] -> double[], ...).</summary>
    public static T Convert<T>(object v)
    {
        return (T) Convert(v, typeof(T));
    }

    static object Convert(object v, Type type)
    {
        if (type == typeof(int)) return checked((int) Number(v));
        if (type == typeof(long)) return (long) Number(v);
        if (type == typeof(double)) return v is long ? (double) (long) v : (double) v;
        if (type == typeof(bool)) return (bool) v;
        if (type == typeof(string)) return (string) v;
        List<object> list = (List<object>) v;
        int n = list.Count;
        if (type == typeof(int[])) { int[] a = new int[n]; for (int k = 0; k < n; k++) a[k] = checked((int) Number(list[k])); return a; }
        if (type == typeof(long[])) { long[] a = new long[n]; for (int k = 0; k < n; k++) a[k] = (long) Number(list[k]); return a; }
        Type item = type.GetElementType();
        Array array = Array.CreateInstance(item, n);
        for (int k = 0; k < n; k++) array.SetValue(Convert(list[k], item), k);
        return array;
    }

    static long Number(object v)
    {
        return v is long ? (long) v : (long) (double) v;
    }

    static bool MustEscape(char u)
    {
        return u <= 0x20 || (u >= 0x7f && u <= 0xa0) || u == 0x1680 || (u >= 0x2000 && u <= 0x200a)
            || u == 0x2028 || u == 0x2029 || u == 0x202f || u == 0x205f || u == 0x3000 || u == 0xfeff
            || char.IsSurrogate(u);
    }

    static void Quote(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (int k = 0; k < s.Length; k++)
        {
            char u = s[k];
            if (u == '"') sb.Append("\\\"");
            else if (u == '\\') sb.Append("\\\\");
            else if (char.IsHighSurrogate(u) && k + 1 < s.Length && char.IsLowSurrogate(s[k + 1])) sb.Append(u).Append(s[++k]);
            else if (MustEscape(u)) sb.Append("\\u").Append(((int) u).ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append(u);
        }
        sb.Append('"');
    }

    /// <summary>Appends `v` in canonical spaced JSON.</summary>
    public static void Put(StringBuilder sb, object v)
    {
        if (v == null) sb.Append("null");
        else if (v is bool) sb.Append((bool) v ? "true" : "false");
        else if (v is int || v is long || v is short || v is byte || v is sbyte || v is ushort || v is uint || v is ulong)
            sb.Append(((IFormattable) v).ToString(null, CultureInfo.InvariantCulture));
        else if (v is double || v is float || v is decimal)
        {
            double d = System.Convert.ToDouble(v, CultureInfo.InvariantCulture);
            if (double.IsNaN(d) || double.IsInfinity(d)) throw new InvalidOperationException("the solution returned " + d + ", which has no JSON form");
            sb.Append(d.ToString("R", CultureInfo.InvariantCulture));
        }
        else if (v is string) Quote(sb, (string) v);
        else if (v is char) Quote(sb, v.ToString());
        else if (v is IEnumerable)
        {
            bool first = true;
            foreach (object item in (IEnumerable) v)
            {
                sb.Append(first ? "[ " : " , ");
                first = false;
                Put(sb, item);
            }
            sb.Append(first ? "[ ]" : " ]");
        }
        else throw new InvalidOperationException("the solution returned a " + v.GetType().FullName + ", which has no JSON form");
    }
}
