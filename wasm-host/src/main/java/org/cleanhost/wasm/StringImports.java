package org.cleanhost.wasm;

import static org.cleanhost.wasm.ValueKind.F64;
import static org.cleanhost.wasm.ValueKind.I32;
import static org.cleanhost.wasm.ValueKind.I64;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The string imports of the cln 0.33 registry (category {@code string}), plus the {@code (ptr, len)}
 * overloads of {@code string_concat}, {@code string_compare} and {@code string_to_float}. Strings arrive as LP
 * pointers unless the spec says {@code (ptr, len)}; results are new LP strings. Where Clean's hosts and the
 * registry differ, the semantics follow the compiler (its in-module string helpers and its own runner);
 * docs/abi.md, "String imports", states each choice.
 */
final class StringImports {
    /** The list type id Clean's runner writes for the string list {@code string.split} returns. */
    static final int STRING_LIST_TYPE = 3;

    /** cln 0.33's {@code string_matches} pattern ids, in order: the compiler passes a constant, not a regex. */
    static final List<String> MATCH_PATTERNS = List.of("email", "url", "uuid", "phone", "date", "integer", "number", "alphanumeric");

    private static final Pattern UUID = Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern ALNUM = Pattern.compile("[A-Za-z0-9]+");

    private StringImports() {}

    static List<ImportSpec> specs() {
        return List.of(
                ImportSpec.of("env", "string_concat", "new string: the first followed by the second", List.of(I32, I32), List.of(I32), (c, a) -> {
                    String where = "env.string_concat";
                    return lp(c, where, c.memory().readLp(where, a[0]) + c.memory().readLp(where, a[1]));
                }),
                ImportSpec.of("env", "string_concat", "as above, strings as (ptr, len) pairs", List.of(I32, I32, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env.string_concat";
                    return lp(c, where, c.memory().readUtf8(where, a[0], a[1]) + c.memory().readUtf8(where, a[2], a[3]));
                }),
                ImportSpec.of("env", "string_substring", "bytes [start, end) of the string", List.of(I32, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env.string_substring";
                    byte[] bytes = bytes(c, where, a[0]);
                    int start = (int) a[1];
                    int end = (int) a[2];
                    if (start < 0 || end < start || end > bytes.length) {
                        throw new CleanAbiException(where, "range [" + start + ", " + end + ") is outside the string's "
                                + bytes.length + " bytes (string at " + a[0] + ")");
                    }
                    byte[] slice = java.util.Arrays.copyOfRange(bytes, start, end);
                    return lp(c, where, GuestMemory.decode(where + " (range [" + start + ", " + end + ") splits a character)", slice, a[0]));
                }),
                ImportSpec.of("env", "string_trim", "removes leading and trailing space, tab, CR, LF", List.of(I32), List.of(I32), (c, a) ->
                        lp(c, "env.string_trim", trim(c.memory().readLp("env.string_trim", a[0]), true, true))),
                ImportSpec.of("env", "string_trim_start", "removes leading space, tab, CR, LF", List.of(I32), List.of(I32), (c, a) ->
                        lp(c, "env.string_trim_start", trim(c.memory().readLp("env.string_trim_start", a[0]), true, false))),
                ImportSpec.of("env", "string_trim_end", "removes trailing space, tab, CR, LF", List.of(I32), List.of(I32), (c, a) ->
                        lp(c, "env.string_trim_end", trim(c.memory().readLp("env.string_trim_end", a[0]), false, true))),
                ImportSpec.of("env", "string_to_upper", "ASCII a-z to A-Z", List.of(I32), List.of(I32), (c, a) ->
                        lp(c, "env.string_to_upper", asciiCase(c.memory().readLp("env.string_to_upper", a[0]), true))),
                ImportSpec.of("env", "string_to_lower", "ASCII A-Z to a-z", List.of(I32), List.of(I32), (c, a) ->
                        lp(c, "env.string_to_lower", asciiCase(c.memory().readLp("env.string_to_lower", a[0]), false))),
                ImportSpec.of("env", "string_replace", "replaces every occurrence", List.of(I32, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env.string_replace";
                    String text = c.memory().readLp(where, a[0]);
                    String search = c.memory().readLp(where, a[1]);
                    String replacement = c.memory().readLp(where, a[2]);
                    long occurrences = occurrences(text, search);
                    long size = text.length() + occurrences * (replacement.length() - search.length());
                    checkSize(c, where, size, "replacing " + occurrences + " occurrence(s) of " + quote(search) + " by "
                            + replacement.length() + " chars");
                    return lp(c, where, text.replace(search, replacement));
                }),
                ImportSpec.of("env", "string_split", "new list of the parts between delimiters", List.of(I32, I32), List.of(I32), (c, a) -> {
                    String where = "env.string_split";
                    String text = c.memory().readLp(where, a[0]);
                    String delimiter = c.memory().readLp(where, a[1]);
                    return new long[] {c.memory().writeStringList(where, split(text, delimiter), STRING_LIST_TYPE)};
                }),
                ImportSpec.of("env", "string_index_of", "byte index of the first occurrence, -1 if none", List.of(I32, I32), List.of(I32), (c, a) -> {
                    String where = "env.string_index_of";
                    String text = c.memory().readLp(where, a[0]);
                    int index = text.indexOf(c.memory().readLp(where, a[1]));
                    return new long[] {index < 0 ? -1 : text.substring(0, index).getBytes(StandardCharsets.UTF_8).length};
                }),
                ImportSpec.of("env", "string_compare", "-1, 0 or 1 by code point order; 0 means equal", List.of(I32, I32), List.of(I32), (c, a) -> {
                    String where = "env.string_compare";
                    return new long[] {compare(c.memory().readLp(where, a[0]), c.memory().readLp(where, a[1]))};
                }),
                ImportSpec.of("env", "string_compare", "as above, strings as (ptr, len) pairs", List.of(I32, I32, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env.string_compare";
                    return new long[] {compare(c.memory().readUtf8(where, a[0], a[1]), c.memory().readUtf8(where, a[2], a[3]))};
                }),
                ImportSpec.of("env", "string_repeat", "(string, ignored, count): the string count times", List.of(I32, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env.string_repeat";
                    String text = c.memory().readLp(where, a[0]);
                    int count = (int) a[2];
                    if (count <= 0 || text.isEmpty()) {
                        return lp(c, where, "");
                    }
                    long bytes = (long) text.getBytes(StandardCharsets.UTF_8).length * count;
                    checkSize(c, where, bytes, "repeat count " + count + " of a " + (bytes / count) + "-byte string");
                    return lp(c, where, text.repeat(count));
                }),
                ImportSpec.of("env", "string_matches", "(string, ignored, pattern id): 1 if the string has that shape", List.of(I32, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env.string_matches";
                    String text = c.memory().readLp(where, a[0]);
                    return new long[] {matcher(where, a[2]).test(text) ? 1 : 0};
                }),
                ImportSpec.of("env", "int_to_string", "decimal text of an i32", List.of(I32), List.of(I32), (c, a) ->
                        lp(c, "env.int_to_string", Integer.toString((int) a[0]))),
                ImportSpec.of("env", "int64_to_string", "decimal text of an i64", List.of(I64), List.of(I32), (c, a) ->
                        lp(c, "env.int64_to_string", Long.toString(a[0]))),
                ImportSpec.of("env", "bool_to_string", "true (non-zero) or false", List.of(I32), List.of(I32), (c, a) ->
                        lp(c, "env.bool_to_string", a[0] != 0 ? "true" : "false")),
                ImportSpec.of("env", "string_to_int", "parses a decimal i32; 0 if unparsable", List.of(I32), List.of(I32), (c, a) -> {
                    String text = c.memory().readLp("env.string_to_int", a[0]);
                    try {
                        return new long[] {Integer.parseInt(text)};
                    } catch (NumberFormatException e) {
                        return new long[] {0};
                    }
                }),
                ImportSpec.of("env", "string_to_float", "parses a number (NaN if unparsable), text as (ptr, len)", List.of(I32, I32), List.of(F64), (c, a) ->
                        new long[] {Double.doubleToRawLongBits(CleanValues.parseNumber(c.memory().readUtf8("env.string_to_float", a[0], a[1])))}),
                ImportSpec.of("env", "string_to_bool", "1 for true or 1 (trimmed, any case), else 0", List.of(I32), List.of(I32), (c, a) -> {
                    String text = c.memory().readLp("env.string_to_bool", a[0]).trim();
                    return new long[] {text.equalsIgnoreCase("true") || text.equals("1") ? 1 : 0};
                }),
                ImportSpec.of("env", "_html_escape", "escapes & < > \" ' for HTML", List.of(I32, I32), List.of(I32), (c, a) ->
                        lp(c, "env._html_escape", htmlEscape(c.memory().readUtf8("env._html_escape", a[0], a[1])))),
                ImportSpec.of("env", "_html_raw", "the text unchanged, as a new string", List.of(I32, I32), List.of(I32), (c, a) ->
                        lp(c, "env._html_raw", c.memory().readUtf8("env._html_raw", a[0], a[1]))));
    }

    private static long[] lp(CleanInstance caller, String where, String value) {
        return new long[] {caller.memory().writeLp(where, value)};
    }

    private static byte[] bytes(CleanInstance caller, String where, long ptr) {
        return caller.memory().readLp(where, ptr).getBytes(StandardCharsets.UTF_8);
    }

    /** Refuses a result the instance's memory could never hold, before building or allocating it. */
    private static void checkSize(CleanInstance caller, String where, long bytes, String what) {
        long limit = Math.min(caller.memory().maxBytes(), Integer.MAX_VALUE - 8L);
        if (bytes + 4 > limit) {
            throw new CleanMemoryException(where + ": " + what + " would need " + bytes + " bytes, more than the instance's memory limit of "
                    + limit + " bytes");
        }
    }

    static int compare(String left, String right) {
        int i = 0;
        int j = 0;
        while (i < left.length() && j < right.length()) {
            int a = left.codePointAt(i);
            int b = right.codePointAt(j);
            if (a != b) {
                return a < b ? -1 : 1;
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.signum((left.length() - i) - (right.length() - j));
    }

    private static boolean isTrimmed(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
    }

    static String trim(String text, boolean start, boolean end) {
        int from = 0;
        int to = text.length();
        while (start && from < to && isTrimmed(text.charAt(from))) {
            from++;
        }
        while (end && to > from && isTrimmed(text.charAt(to - 1))) {
            to--;
        }
        return text.substring(from, to);
    }

    static String asciiCase(String text, boolean upper) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (upper && ch >= 'a' && ch <= 'z') {
                ch = (char) (ch - 32);
            } else if (!upper && ch >= 'A' && ch <= 'Z') {
                ch = (char) (ch + 32);
            }
            out.append(ch);
        }
        return out.toString();
    }

    /** Every part between delimiters, empty parts kept; an empty delimiter splits into code points. */
    static List<String> split(String text, String delimiter) {
        List<String> parts = new ArrayList<>();
        if (delimiter.isEmpty()) {
            text.codePoints().forEach(cp -> parts.add(new String(Character.toChars(cp))));
            return parts;
        }
        int from = 0;
        while (true) {
            int at = text.indexOf(delimiter, from);
            if (at < 0) {
                parts.add(text.substring(from));
                return parts;
            }
            parts.add(text.substring(from, at));
            from = at + delimiter.length();
        }
    }

    private static Predicate<String> matcher(String where, long id) {
        switch ((int) id == id ? (int) id : -1) {
            case 0: // email: something@domain-with-a-dot
                return s -> {
                    int at = s.indexOf('@');
                    return at > 0 && s.substring(at + 1).contains(".");
                };
            case 1:
                return s -> s.startsWith("http://") || s.startsWith("https://");
            case 2:
                return s -> UUID.matcher(s).matches();
            case 3: // phone: 7 to 15 digits, any separators
                return s -> {
                    long digits = s.chars().filter(ch -> ch >= '0' && ch <= '9').count();
                    return digits >= 7 && digits <= 15;
                };
            case 4:
                return s -> DATE.matcher(s).matches();
            case 5:
                return s -> {
                    try {
                        Long.parseLong(s);
                        return true;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                };
            case 6:
                return s -> !s.isEmpty() && !Double.isNaN(CleanValues.parseNumber(s)) && s.equals(s.trim());
            case 7:
                return s -> ALNUM.matcher(s).matches();
            default:
                throw new CleanAbiException(where, "unknown pattern id " + id + "; cln 0.33 passes 0.." + (MATCH_PATTERNS.size() - 1)
                        + " " + MATCH_PATTERNS);
        }
    }

    static String htmlEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default: out.append(ch);
            }
        }
        return out.toString();
    }

    private static String quote(String text) {
        return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
    }

    private static long occurrences(String text, String search) {
        if (search.isEmpty()) {
            return text.length() + 1L;
        }
        long count = 0;
        for (int at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + search.length())) {
            count++;
        }
        return count;
    }
}
