package org.cleanhost.wasm;

import com.dylibso.chicory.wasm.types.ValType;

/** A parameter or result kind a host import accepts. {@link #INT} binds to whichever width the module declares. */
enum ValueKind {
    I32("i32"),
    I64("i64"),
    /** An integer the module may declare as i32 or i64 (Clean uses both widths for the same meaning). */
    INT("int"),
    F32("f32"),
    F64("f64");

    private final String docName;

    ValueKind(String docName) {
        this.docName = docName;
    }

    /** The notation docs/abi.md uses. */
    String docName() {
        return docName;
    }

    boolean accepts(ValType type) {
        switch (this) {
            case I32:
                return type.equals(ValType.I32);
            case I64:
                return type.equals(ValType.I64);
            case INT:
                return type.equals(ValType.I32) || type.equals(ValType.I64);
            case F32:
                return type.equals(ValType.F32);
            default:
                return type.equals(ValType.F64);
        }
    }
}
