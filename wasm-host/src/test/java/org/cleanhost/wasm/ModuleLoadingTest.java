package org.cleanhost.wasm;

import static org.cleanhost.wasm.ModuleFuzzTest.concat;
import static org.cleanhost.wasm.ModuleFuzzTest.leb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 10, item 1: {@link CleanModule#load} throws only {@link CleanModuleException}, whatever the bytes, and
 * rejects impossible modules at once. The export, import-type, locals and huge-count cases are the failures
 * the issue measured (ArrayIndexOutOfBoundsException, Chicory's InvalidException, OutOfMemoryError after ~20 s);
 * the br_table and nesting cases probe the parser and compiler behind the structural scan.
 */
class ModuleLoadingTest {
    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    private static final byte[] VOID_TYPE = section(1, concat(leb(1), new byte[] {0x60, 0, 0}));

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void anExportPastTheFunctionCountIsRejectedNamingIt(ExecutionMode mode) {
        // one function (index 0), exported as "f" with index 5: CleanModule.functionType indexed past the end
        byte[] bytes = concat(HEADER, VOID_TYPE, section(3, concat(leb(1), leb(0))), export("f", 0, 5), code(1, body(0)));
        String message = rejected(bytes, mode);
        assertTrue(message.contains("'f'") && message.contains("5"), message);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void anImportWithATypeIndexOutOfRangeIsRejectedNamingIt(ExecutionMode mode) {
        byte[] imports = section(2, concat(leb(1), name("env"), name("print"), new byte[] {0x00}, leb(7)));
        String message = rejected(concat(HEADER, VOID_TYPE, imports), mode);
        assertTrue(message.contains("7") && message.contains("import"), message);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void fortyThousandFunctionsOfFiftyThousandLocalsAreRejectedAtOnce(ExecutionMode mode) {
        int functions = 40_000;
        ByteArrayOutputStream fs = new ByteArrayOutputStream();
        fs.writeBytes(leb(functions));
        for (int i = 0; i < functions; i++) {
            fs.write(0);
        }
        byte[] oneBody = body(50_000);
        ByteArrayOutputStream bodies = new ByteArrayOutputStream();
        for (int i = 0; i < functions; i++) {
            bodies.writeBytes(oneBody);
        }
        byte[] bytes = concat(HEADER, VOID_TYPE, section(3, fs.toByteArray()),
                section(10, concat(leb(functions), bodies.toByteArray())));
        rejected(concat(HEADER, section(1, leb(0xFFFF_FFFFL))), mode); // warm up: class loading is not what is measured
        long start = System.nanoTime();
        String message = rejected(bytes, mode);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(message.contains("locals") && message.contains("code section"), message);
        assertTrue(millis < 200, "rejected after " + millis + " ms (was ~20 s, then OutOfMemoryError)");
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void oneFunctionAboveTheLocalsLimitIsRejected(ExecutionMode mode) {
        byte[] ok = concat(HEADER, VOID_TYPE, section(3, concat(leb(1), leb(0))), code(1, body(ModuleScan.MAX_LOCALS_PER_FUNCTION)));
        assertEquals(0, CleanModule.load(ok, ExecutionMode.INTERPRETED).exports().size(), "50 000 locals are accepted");
        byte[] tooMany = concat(HEADER, VOID_TYPE, section(3, concat(leb(1), leb(0))),
                code(1, body(ModuleScan.MAX_LOCALS_PER_FUNCTION + 1)));
        String message = rejected(tooMany, mode);
        assertTrue(message.contains("function body 0 declares 50001 locals"), message);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void hugeCountsAndLengthsAreRejectedBeforeAnythingIsAllocated(ExecutionMode mode) {
        long[] huge = {0xFFFF_FFFFL, 0x7FFF_FFFFL, 1 << 28};
        for (long n : huge) {
            assertTrue(rejected(concat(HEADER, section(1, leb(n))), mode).contains("type section"), "types " + n);
            assertTrue(rejected(concat(HEADER, section(2, leb(n))), mode).contains("import section"), "imports " + n);
            assertTrue(rejected(concat(HEADER, section(3, leb(n))), mode).contains("function section"), "functions " + n);
            assertTrue(rejected(concat(HEADER, section(11, leb(n))), mode).contains("data section"), "data " + n);
            assertTrue(rejected(concat(HEADER, section(0, leb(n))), mode).contains("custom section"), "custom name " + n);
            assertTrue(rejected(concat(HEADER, section(12, leb(n))), mode).contains("data count"), "data count " + n);
            byte[] typeWithHugeArity = section(1, concat(leb(1), new byte[] {0x60}, leb(n), new byte[] {0}));
            assertTrue(rejected(concat(HEADER, typeWithHugeArity), mode).contains("parameters"), "arity " + n);
        }
        byte[] sectionPastTheEnd = concat(HEADER, new byte[] {0x01}, leb(0xFFFF_FFF0L), new byte[] {0});
        assertTrue(rejected(sectionPastTheEnd, mode).contains("remain in the module"));
        byte[] unterminatedLeb = concat(HEADER, new byte[] {0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertTrue(rejected(unterminatedLeb, mode).contains("LEB128"));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void memoryAndTableLimitsBeyondWhatCanBeAllocatedAreRejected(ExecutionMode mode) {
        assertTrue(rejected(concat(HEADER, section(5, concat(leb(1), new byte[] {0}, leb(65_537)))), mode).contains("memory 0 starts at 65537"));
        assertTrue(rejected(concat(HEADER, section(5, concat(leb(1), new byte[] {1}, leb(1), leb(70_000)))), mode).contains("maximum 70000"));
        assertTrue(rejected(concat(HEADER, section(5, concat(leb(1), new byte[] {1}, leb(10), leb(5)))), mode).contains("below its minimum"));
        assertTrue(rejected(concat(HEADER, section(4, concat(leb(1), new byte[] {0x70, 0}, leb(0xFFFF_FFFFL)))), mode).contains("table 0"));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void aBrTableWithAHugeTargetCountIsACleanModuleException(ExecutionMode mode) {
        // a 12-byte body whose br_table claims 2^31-1 targets: the parser allocates for the claim
        byte[] instructions = concat(new byte[] {0x41, 0x00, 0x0e}, leb(0x7FFF_FFFFL), new byte[] {0x00, 0x00, 0x0b});
        byte[] oneBody = concat(leb(1 + instructions.length), new byte[] {0}, instructions);
        byte[] bytes = concat(HEADER, VOID_TYPE, section(3, concat(leb(1), leb(0))), section(10, concat(leb(1), oneBody)));
        rejected(bytes, mode);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void deeplyNestedBlocksEndTypedOrLoad(ExecutionMode mode) {
        int depth = 200_000;
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        for (int i = 0; i < depth; i++) {
            code.writeBytes(new byte[] {0x02, 0x40}); // block (no result)
        }
        for (int i = 0; i <= depth; i++) {
            code.write(0x0b);
        }
        byte[] instructions = code.toByteArray();
        byte[] oneBody = concat(leb(1 + instructions.length), new byte[] {0}, instructions);
        byte[] bytes = concat(HEADER, VOID_TYPE, section(3, concat(leb(1), leb(0))), section(10, concat(leb(1), oneBody)));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try {
                CleanModule.load(bytes, mode);
            } catch (CleanModuleException typed) {
                // a typed rejection (e.g. the parser or compiler exhausting the stack) is fine
            }
        });
    }

    /** Loads {@code bytes}, expects CleanModuleException (nothing else, within 5 s) and returns its message. */
    private static String rejected(byte[] bytes, ExecutionMode mode) {
        return assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                CleanModule.load(bytes, mode);
            } catch (CleanModuleException expected) {
                return expected.getMessage();
            } catch (Throwable other) {
                throw new AssertionError("load threw " + other + " instead of CleanModuleException", other);
            }
            throw new AssertionError("a module of " + bytes.length + " bytes loaded");
        });
    }

    private static byte[] section(int id, byte[] content) {
        return concat(new byte[] {(byte) id}, leb(content.length), content);
    }

    private static byte[] name(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return concat(leb(bytes.length), bytes);
    }

    private static byte[] export(String name, int kind, int index) {
        return section(7, concat(leb(1), name(name), new byte[] {(byte) kind}, leb(index)));
    }

    private static byte[] code(int count, byte[] oneBody) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(leb(count));
        for (int i = 0; i < count; i++) {
            out.writeBytes(oneBody);
        }
        return section(10, out.toByteArray());
    }

    /** A body declaring {@code locals} i32 locals (one declaration) and doing nothing. */
    private static byte[] body(int locals) {
        byte[] content = locals == 0 ? new byte[] {0, 0x0b} : concat(leb(1), leb(locals), new byte[] {0x7f, 0x0b});
        return concat(leb(content.length), content);
    }
}
