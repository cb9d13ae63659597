package org.cleanhost.wasm;

/** A host function (an import implemented in Java) failed while the guest called it. */
public final class CleanHostFunctionException extends CleanException {
    private static final long serialVersionUID = 1L;
    private final String importName;

    public CleanHostFunctionException(String importName, Throwable cause) {
        super("host function " + importName + " failed: " + cause, cause);
        this.importName = importName;
    }

    /** The import, as {@code module.name}. */
    public String importName() {
        return importName;
    }
}
