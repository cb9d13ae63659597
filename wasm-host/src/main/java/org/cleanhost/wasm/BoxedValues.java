package org.cleanhost.wasm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Clean's boxed {@code any} values in guest memory, converted to and from Jackson trees. The layout (see
 * docs/abi.md, "Boxed values") is the one cln 0.33's generated code writes and reads:
 * a 12-byte box {@code [i32 tag][payload 8 bytes]}; lists and objects point to JSON-tree fragments
 * {@code [i32 count][i32 box pointer]*} and {@code [i32 count]([i32 key LP pointer][i32 box pointer])*}.
 *
 * <p>Reading is bounded (depth, number of values, bytes of text) and detects cycles, so a malformed or
 * hostile value ends in a {@link CleanAbiException} or {@link CleanMemoryException} naming the import and the
 * pointer, never in a Java stack overflow or an endless loop.
 */
final class BoxedValues {
    static final int TAG_NULL = 0;
    static final int TAG_INTEGER = 1;
    static final int TAG_BOOLEAN = 2;
    static final int TAG_NUMBER = 3;
    static final int TAG_STRING = 4;
    static final int TAG_LIST = 5;
    static final int TAG_OBJECT = 6;
    static final int BOX_BYTES = 12;

    /** Deepest nesting read from or written to the guest, and parsed from JSON text. */
    static final int MAX_DEPTH = 256;
    /** Most values (boxes) one boxed value may contain. */
    static final int MAX_VALUES = 1_000_000;
    /** Most bytes of string and key text one boxed value may contain. */
    static final long MAX_TEXT_BYTES = 64L << 20;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private BoxedValues() {}

    /** The result of parsing JSON text: the tree, or the parser's complaint. */
    record Parsed(JsonNode value, String error) {}

    /**
     * Parses JSON text (RFC 8259, nothing after the value). Syntax errors are returned, not thrown: the
     * imports decide what the guest sees.
     *
     * @throws CleanAbiException when the text is nested deeper than {@link #MAX_DEPTH} or exceeds another parser limit
     */
    static Parsed parse(String where, String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                return new Parsed(null, "no JSON value in the text");
            }
            return new Parsed(node, null);
        } catch (StreamConstraintsException e) {
            throw new CleanAbiException(where, "JSON text exceeds a parser limit: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String location = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new Parsed(null, e.getOriginalMessage() + location);
        }
    }

    /** Compact JSON, no white space; object members in insertion order. */
    static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** JSON with a 2-space indent, {@code "key": value}, one member or element per line, {@code []} and {@code {}} when empty. */
    static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /**
     * Reads the boxed value at {@code ptr}. Pointer 0 (what {@code _json_decode_v2} returns for invalid text)
     * reads as null, as does a number that is NaN or infinite (as JavaScript's JSON.stringify does).
     */
    static JsonNode read(GuestMemory memory, String where, long ptr) {
        return new Reader(memory, where).value(ptr, 0);
    }

    /** Writes {@code value} into the guest as a boxed value (one malloc for the whole tree) and returns its pointer. */
    static int write(GuestMemory memory, String where, JsonNode value) {
        long size = size(where, value, 0);
        if (size > Integer.MAX_VALUE) {
            throw new CleanMemoryException(where + ": the boxed value needs " + size + " bytes, more than a guest can address");
        }
        int base = memory.allocateBlock(where, size);
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        new Writer(out, base).value(value);
        memory.write(where, base, out.array());
        return base;
    }

    private static long align(long n) {
        return (n + 3) & ~3L;
    }

    /** Bytes {@link Writer} needs for {@code node}; also bounds the depth before anything is allocated. */
    private static long size(String where, JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new CleanAbiException(where, "value nested deeper than " + MAX_DEPTH + " levels");
        }
        long size = BOX_BYTES;
        if (node.isTextual()) {
            size += align(4L + utf8(node.textValue()).length);
        } else if (node.isArray()) {
            size += align(4L + 4L * node.size());
            for (JsonNode child : node) {
                size += size(where, child, depth + 1);
            }
        } else if (node.isObject()) {
            size += align(4L + 8L * node.size());
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                size += align(4L + utf8(entry.getKey()).length) + size(where, entry.getValue(), depth + 1);
            }
        }
        return size;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Lays a tree out in a buffer that will be copied to guest address {@code base}. */
    private static final class Writer {
        private final ByteBuffer out;
        private final int base;

        Writer(ByteBuffer out, int base) {
            this.out = out;
            this.base = base;
        }

        /** Reserves {@code n} bytes (4-aligned) and returns their guest address. */
        private int reserve(long n) {
            int offset = out.position();
            out.position(offset + (int) align(n));
            return base + offset;
        }

        private int offset(int address) {
            return address - base;
        }

        private int lp(String text) {
            byte[] bytes = utf8(text);
            int at = reserve(4L + bytes.length);
            out.putInt(offset(at), bytes.length);
            out.put(offset(at) + 4, bytes);
            return at;
        }

        int value(JsonNode node) {
            int box = reserve(BOX_BYTES);
            int o = offset(box);
            if (node.isNull() || node.isMissingNode()) {
                out.putInt(o, TAG_NULL);
            } else if (node.isBoolean()) {
                out.putInt(o, TAG_BOOLEAN).putInt(o + 4, node.booleanValue() ? 1 : 0);
            } else if (node.isIntegralNumber() && node.canConvertToLong()) {
                out.putInt(o, TAG_INTEGER).putLong(o + 4, node.longValue());
            } else if (node.isNumber()) {
                out.putInt(o, TAG_NUMBER).putDouble(o + 4, node.doubleValue());
            } else if (node.isTextual()) {
                out.putInt(o, TAG_STRING).putInt(o + 4, lp(node.textValue()));
            } else if (node.isArray()) {
                int payload = reserve(4L + 4L * node.size());
                out.putInt(o, TAG_LIST).putInt(o + 4, payload);
                out.putInt(offset(payload), node.size());
                int i = 0;
                for (JsonNode child : node) {
                    int at = value(child);
                    out.putInt(offset(payload) + 4 + 4 * i++, at);
                }
            } else if (node.isObject()) {
                int payload = reserve(4L + 8L * node.size());
                out.putInt(o, TAG_OBJECT).putInt(o + 4, payload);
                out.putInt(offset(payload), node.size());
                int i = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); i++) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    int key = lp(entry.getKey());
                    int at = value(entry.getValue());
                    out.putInt(offset(payload) + 4 + 8 * i, key);
                    out.putInt(offset(payload) + 8 + 8 * i, at);
                }
            } else {
                throw new IllegalStateException("unexpected JSON node " + node.getNodeType());
            }
            return box;
        }
    }

    /** Walks a boxed value in guest memory, bounded and cycle-checked. */
    private static final class Reader {
        private final GuestMemory memory;
        private final String where;
        private final Set<Long> open = new HashSet<>();
        private int values;
        private long textBytes;

        Reader(GuestMemory memory, String where) {
            this.memory = memory;
            this.where = where;
        }

        private CleanAbiException malformed(long ptr, String problem) {
            return new CleanAbiException(where, "malformed boxed value at pointer " + ptr + ": " + problem);
        }

        private long pointer(long addr, String what) {
            return Integer.toUnsignedLong(memory.readI32(where, addr, what));
        }

        private String text(long box, long lp) {
            textBytes += Integer.toUnsignedLong(memory.readI32(where, lp, "string"));
            if (textBytes > MAX_TEXT_BYTES) {
                throw malformed(box, "more than " + MAX_TEXT_BYTES + " bytes of text in one value");
            }
            return memory.readLp(where, lp);
        }

        JsonNode value(long ptr, int depth) {
            if (ptr == 0) {
                return NODES.nullNode();
            }
            if (depth > MAX_DEPTH) {
                throw malformed(ptr, "nested deeper than " + MAX_DEPTH + " levels");
            }
            if (++values > MAX_VALUES) {
                throw malformed(ptr, "more than " + MAX_VALUES + " values in one boxed value");
            }
            memory.checkBlock(where, ptr, BOX_BYTES, "boxed value");
            int tag = memory.readI32(where, ptr, "boxed value");
            switch (tag) {
                case TAG_NULL:
                    return NODES.nullNode();
                case TAG_INTEGER:
                    return NODES.numberNode(integer(ptr));
                case TAG_BOOLEAN:
                    return NODES.booleanNode(memory.readI32(where, ptr + 4, "boxed value") != 0);
                case TAG_NUMBER: {
                    double number = Double.longBitsToDouble(memory.readI64(where, ptr + 4, "boxed value"));
                    return Double.isFinite(number) ? NODES.numberNode(number) : NODES.nullNode();
                }
                case TAG_STRING: {
                    long lp = pointer(ptr + 4, "boxed value");
                    if (lp == 0) {
                        throw malformed(ptr, "string value with a null string pointer");
                    }
                    return NODES.textNode(text(ptr, lp));
                }
                case TAG_LIST:
                    return container(ptr, depth, false);
                case TAG_OBJECT:
                    return container(ptr, depth, true);
                default:
                    throw malformed(ptr, "unknown tag " + tag + " (0 null, 1 integer, 2 boolean, 3 number, 4 string, 5 list, 6 object)");
            }
        }

        /**
         * cln 0.33 boxes an integer as an i32 at +4 with 0 at +8; hosts write an i64 at +4. A zero high word
         * therefore means "the i32 at +4" (so -5 boxed by the guest stays -5), anything else is the i64.
         */
        private long integer(long ptr) {
            int low = memory.readI32(where, ptr + 4, "boxed value");
            int high = memory.readI32(where, ptr + 8, "boxed value");
            return high == 0 ? low : ((long) high << 32) | Integer.toUnsignedLong(low);
        }

        private JsonNode container(long ptr, int depth, boolean object) {
            if (!open.add(ptr)) {
                throw malformed(ptr, "it contains itself (a cycle)");
            }
            long payload = pointer(ptr + 4, "boxed value");
            String kind = object ? "object" : "list";
            if (payload == 0) {
                throw malformed(ptr, kind + " with a null payload pointer");
            }
            int count = memory.readI32(where, payload, kind + " payload");
            if (count < 0 || count > MAX_VALUES) {
                throw malformed(ptr, kind + " payload at " + payload + " declares " + count + " entries");
            }
            long stride = object ? 8 : 4;
            memory.checkBlock(where, payload, 4 + stride * count, kind + " payload with " + count + " entries");
            JsonNode result;
            if (object) {
                ObjectNode node = NODES.objectNode();
                for (int i = 0; i < count; i++) {
                    long entry = payload + 4 + 8L * i;
                    long key = pointer(entry, "object key");
                    if (key == 0) {
                        throw malformed(ptr, "object entry " + i + " has a null key pointer");
                    }
                    String name = text(ptr, key);
                    node.set(name, value(pointer(entry + 4, "object value"), depth + 1));
                }
                result = node;
            } else {
                ArrayNode node = NODES.arrayNode(count);
                for (int i = 0; i < count; i++) {
                    node.add(value(pointer(payload + 4 + 4L * i, "list element"), depth + 1));
                }
                result = node;
            }
            open.remove(ptr);
            return result;
        }
    }
}
