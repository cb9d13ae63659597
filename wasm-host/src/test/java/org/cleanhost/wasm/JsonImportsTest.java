package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The JSON imports against guests/json.wat (lowered as cln 0.33 lowers it), in both execution modes. */
@ParameterizedClass(name = "{0}")
@EnumSource(ExecutionMode.class)
class JsonImportsTest {
    private static final String SAMPLE = "{\"name\":\"Ada\",\"age\":36,\"score\":-2.5,\"admin\":false,\"tags\":[\"x\",\"y\"],\"manager\":null,\"delta\":-7}";
    private static final String SAMPLE_PRETTY = "{\n"
            + "  \"name\": \"Ada\",\n"
            + "  \"age\": 36,\n"
            + "  \"score\": -2.5,\n"
            + "  \"admin\": false,\n"
            + "  \"tags\": [\n"
            + "    \"x\",\n"
            + "    \"y\"\n"
            + "  ],\n"
            + "  \"manager\": null,\n"
            + "  \"delta\": -7\n"
            + "}";

    private final ExecutionMode mode;
    private final Guests.Console console = new Guests.Console();
    private CleanInstance guest;

    JsonImportsTest(ExecutionMode mode) {
        this.mode = mode;
    }

    @BeforeEach
    void instantiate() {
        guest = CleanHost.builder(Guests.module("json", mode)).console(console).build().newInstance();
    }

    @Test
    void startPrintsTheExpectedOutput() {
        guest.call("start", Void.class);
        assertEquals(SAMPLE + "\n" + SAMPLE_PRETTY + "\n" + "[1,2.5,\"three\",{\"k\":null}]\n" + "invalid\n", console.out());
    }

    @Test
    void encodesTheCompilersBoxedValues() {
        assertEquals(SAMPLE, guest.call("encode_sample", String.class));
        assertEquals(SAMPLE_PRETTY, guest.call("pretty_sample", String.class));
        assertEquals(SAMPLE_PRETTY, guest.call("legacy_pretty_sample", String.class), "v1 _json_encode_pretty takes the same boxed value");
    }

    @Test
    void decodeThenEncodeKeepsOrderTypesAndText() {
        assertEquals("{\"b\":1,\"a\":[true,false,null],\"c\":{}}", guest.call("round_trip", String.class, " {\"b\": 1, \"a\": [true, false, null], \"c\": {}} "));
        assertEquals("{\"s\":\"héllo ✓ 日本 \\u0001\\n\\\"\"}", guest.call("round_trip", String.class, "{\"s\":\"héllo ✓ 日本 \\u0001\\n\\\"\"}"));
        assertEquals("[-5,9007199254740993,1.0,0.1,-0.0,1.0E21]", guest.call("round_trip", String.class, "[-5, 9007199254740993, 1.0, 0.1, -0.0, 1e21]"));
        assertEquals("[]", guest.call("round_trip", String.class, "[]"));
        assertEquals("\"just text\"", guest.call("round_trip", String.class, "\"just text\""));
        assertEquals("null", guest.call("round_trip", String.class, "null"));
    }

    @Test
    void prettyPrintingMatchesSerdeJsonsLayout() {
        // The decoded tree stays in memory after the call; pretty_box reads it before allocating its result.
        int box = guest.call("decode", Integer.class, "{\"a\":[],\"b\":{},\"c\":[[1,{\"d\":null}]],\"e\":\"\u00e9\"}");
        assertEquals("{\n"
                + "  \"a\": [],\n"
                + "  \"b\": {},\n"
                + "  \"c\": [\n"
                + "    [\n"
                + "      1,\n"
                + "      {\n"
                + "        \"d\": null\n"
                + "      }\n"
                + "    ]\n"
                + "  ],\n"
                + "  \"e\": \"é\"\n"
                + "}", guest.call("pretty_box", String.class, box));
    }

    @Test
    void integersBetween2pow31And2pow32ReadAsTheGuestsI32() {
        // Documented ambiguity: the compiler boxes integers as an i32 with 0 above it, so a zero high word
        // means "the i32 at +4". The guest itself reads -1294967296 for this value, and so does the encoder.
        assertEquals("[-1294967296,4294967296,-1]", guest.call("round_trip", String.class, "[3000000000, 4294967296, -1]"));
    }

    @Test
    void invalidTextDecodesToPointerZero() {
        assertEquals("invalid", guest.call("round_trip", String.class, "{oops"));
        assertEquals("invalid", guest.call("round_trip", String.class, ""));
        assertEquals("invalid", guest.call("round_trip", String.class, "[1] [2]"));
        assertEquals("invalid", guest.call("round_trip", String.class, "{'single': 1}"));
        assertEquals(0, guest.call("decode", Integer.class, "tru"));
        assertEquals("null", guest.call("encode_box", String.class, 0), "pointer 0 (a failed decode) encodes as null");
        assertTrue(!guest.isBroken());
    }

    @Test
    void decodeWritesTheDocumentedLayout() {
        int box = guest.call("decode", Integer.class, "{\"a\":[7,\"s\",2.5,true]}");
        GuestMemory m = guest.memory();
        assertEquals(6, m.readI32("t", box, "box"));
        int object = m.readI32("t", box + 4, "box");
        assertEquals(1, m.readI32("t", object, "object"));
        assertEquals("a", m.readLp("t", m.readI32("t", object + 4, "key")));
        int list = m.readI32("t", object + 8, "value");
        assertEquals(5, m.readI32("t", list, "list box"));
        int elements = m.readI32("t", list + 4, "list box");
        assertEquals(4, m.readI32("t", elements, "list"));
        int seven = m.readI32("t", elements + 4, "element");
        assertEquals(1, m.readI32("t", seven, "integer box"));
        assertEquals(7L, m.readI64("t", seven + 4, "integer box"));
        int text = m.readI32("t", elements + 8, "element");
        assertEquals(4, m.readI32("t", text, "string box"));
        assertEquals("s", m.readLp("t", m.readI32("t", text + 4, "string box")));
        int number = m.readI32("t", elements + 12, "element");
        assertEquals(3, m.readI32("t", number, "number box"));
        assertEquals(2.5, Double.longBitsToDouble(m.readI64("t", number + 4, "number box")));
        int bool = m.readI32("t", elements + 16, "element");
        assertEquals(2, m.readI32("t", bool, "boolean box"));
        assertEquals(1, m.readI32("t", bool + 4, "boolean box"));
    }

    @Test
    void getFollowsDotPathsThroughObjectsAndLists() {
        assertEquals("Grace", guest.call("user_name", String.class, "{\"user\":{\"name\":\"Grace\",\"age\":41}}"));
        assertEquals(42, guest.call("user_age_next_year", Integer.class, "{\"user\":{\"name\":\"Grace\",\"age\":41}}"));
        assertEquals("<not a string>", guest.call("user_name", String.class, "{\"user\":{}}"));
        assertEquals("<not a string>", guest.call("user_name", String.class, "[1]"));
        assertEquals("<not a string>", guest.call("user_name", String.class, "{\"user\":{\"name\":5}}"));
        String root = "{\"items\":[{\"id\":1},{\"id\":2}]}";
        assertEquals("2", guest.call("get_path", String.class, root, "items.1.id"));
        assertEquals("{\"id\":1}", guest.call("get_path", String.class, root, "items.0"));
        assertEquals("null", guest.call("get_path", String.class, root, "items.2.id"));
        assertEquals("null", guest.call("get_path", String.class, root, "items.x"));
        assertEquals("null", guest.call("get_path", String.class, root, ""));
        assertEquals("[3]", guest.call("get_path", String.class, "\"{\\\"a\\\":{\\\"b\\\":[3]}}\"", "a.b"),
                "a string root holding JSON is parsed first");
    }

    @Test
    void legacyTextBridges() {
        assertEquals("{\"a\":1}", guest.call("legacy_encode", String.class, "{ \"a\" : 1 }"));
        assertEquals("\"hello \\\"x\\\"\"", guest.call("legacy_encode", String.class, "hello \"x\""));
        assertEquals("\"\"", guest.call("legacy_encode", String.class, ""));
        assertEquals("[1,2]", guest.call("legacy_decode", String.class, "[1, 2]"));
        String error = guest.call("legacy_decode", String.class, "nope");
        assertTrue(error.startsWith("{\"error\":\"JSON parse error\",\"message\":\""), error);
        assertTrue(error.contains("line 1"), error);
    }

    // ---- malformed boxed values: typed errors naming the import and the pointer; the instance is discarded

    @Test
    void unknownTagIsATypedError() {
        int box = block(9, 0, 0);
        CleanAbiException e = assertThrows(CleanAbiException.class, () -> guest.call("encode_box", String.class, box));
        assertEquals("env._json_encode_v2", e.where());
        assertTrue(e.getMessage().contains("pointer " + box) && e.getMessage().contains("unknown tag 9"), e.getMessage());
        assertTrue(guest.isBroken());
    }

    @Test
    void pointersOutOfBoundsAreMemoryErrors() {
        CleanMemoryException e = assertThrows(CleanMemoryException.class, () -> guest.call("encode_box", String.class, 0x7FFF_0000));
        assertTrue(e.getMessage().contains("env._json_encode_v2") && e.getMessage().contains("2147418112"), e.getMessage());
        CleanInstance other = fresh();
        int badString = block(other, 4, 0x7FFF_0000, 0);
        CleanMemoryException s = assertThrows(CleanMemoryException.class, () -> other.call("encode_box", String.class, badString));
        assertTrue(s.getMessage().contains("2147418112"), s.getMessage());
    }

    @Test
    void selfContainingListIsACycleError() {
        int payload = guest.memory().allocateBlock("test", 8);
        int box = block(5, payload, 0);
        write(payload, 1, box);
        CleanAbiException e = assertThrows(CleanAbiException.class, () -> guest.call("encode_box", String.class, box));
        assertTrue(e.getMessage().contains("cycle") && e.getMessage().contains("pointer " + box), e.getMessage());
    }

    @Test
    void absurdCountsAreRejectedBeforeReading() {
        int payload = guest.memory().allocateBlock("test", 4);
        write(payload, Integer.MAX_VALUE);
        int box = block(5, payload, 0);
        CleanAbiException e = assertThrows(CleanAbiException.class, () -> guest.call("encode_box", String.class, box));
        assertTrue(e.getMessage().contains("declares " + Integer.MAX_VALUE), e.getMessage());
        CleanInstance other = fresh();
        int payload2 = other.memory().allocateBlock("test", 4);
        write(other, payload2, 100_000);
        int box2 = block(other, 6, payload2, 0);
        CleanMemoryException m = assertThrows(CleanMemoryException.class, () -> other.call("encode_box", String.class, box2));
        assertTrue(m.getMessage().contains("object payload with 100000 entries"), m.getMessage());
    }

    @Test
    void deepNestingIsBoundedNotAStackOverflow() {
        int inner = block(0, 0, 0);
        for (int i = 0; i < 5_000; i++) {
            int payload = guest.memory().allocateBlock("test", 8);
            write(payload, 1, inner);
            inner = block(5, payload, 0);
        }
        int deep = inner;
        CleanAbiException e = assertThrows(CleanAbiException.class, () -> guest.call("encode_box", String.class, deep));
        assertTrue(e.getMessage().contains("nested deeper than " + BoxedValues.MAX_DEPTH), e.getMessage());
        CleanInstance other = fresh();
        String text = "[".repeat(100_000) + "]".repeat(100_000);
        CleanAbiException d = assertThrows(CleanAbiException.class, () -> other.call("round_trip", String.class, text));
        assertEquals("env._json_decode_v2", d.where());
        assertTrue(d.getMessage().contains("parser limit"), d.getMessage());
    }

    @Test
    void sharedChildrenCannotBlowUpTheWork() {
        int node = block(1, 1, 0);
        for (int i = 0; i < 40; i++) { // 2^40 values if expanded
            int payload = guest.memory().allocateBlock("test", 12);
            write(payload, 2, node, node);
            node = block(5, payload, 0);
        }
        int dag = node;
        CleanAbiException e = assertThrows(CleanAbiException.class, () -> guest.call("pretty_box", String.class, dag));
        assertEquals("env._json_encode_pretty_v2", e.where());
        assertTrue(e.getMessage().contains("more than " + BoxedValues.MAX_VALUES + " values"), e.getMessage());
    }

    @Test
    void invalidUtf8InAStringIsAMemoryError() {
        int lp = guest.memory().allocateBlock("test", 6);
        guest.memory().write("test", lp, new byte[] {2, 0, 0, 0, (byte) 0xC3, (byte) 0x28});
        int box = block(4, lp, 0);
        CleanMemoryException e = assertThrows(CleanMemoryException.class, () -> guest.call("encode_box", String.class, box));
        assertTrue(e.getMessage().contains("not valid UTF-8") && e.getMessage().contains(Integer.toString(lp)), e.getMessage());
    }

    private CleanInstance fresh() {
        return CleanHost.builder(Guests.module("json", mode)).console(console).build().newInstance();
    }

    private int block(int tag, int value, int high) {
        return block(guest, tag, value, high);
    }

    private static int block(CleanInstance instance, int tag, int value, int high) {
        int box = instance.memory().allocateBlock("test", 12);
        write(instance, box, tag, value, high);
        return box;
    }

    private void write(int address, int... words) {
        write(guest, address, words);
    }

    private static void write(CleanInstance instance, int address, int... words) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int word : words) {
            buffer.putInt(word);
        }
        instance.memory().write("test", address, buffer.array());
    }
}
