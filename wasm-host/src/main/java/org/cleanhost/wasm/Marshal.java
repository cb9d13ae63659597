package org.cleanhost.wasm;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;

/** Java values to WASM values for export calls, and back. See {@link CleanInstance#call}. */
final class Marshal {
    private Marshal() {}

    /**
     * Checks that {@code export} exists with {@code args.length} parameters that accept {@code args}, and that its
     * result decodes as {@code resultType}, without touching any instance; returns the export's type.
     */
    static FunctionType checkCall(CleanModule module, String export, Class<?> resultType, Object[] args) {
        FunctionType type = module.exportType(export);
        if (type == null) {
            throw new CleanArgumentException("module exports no function '" + export + "'");
        }
        if (args.length != type.params().size()) {
            throw new CleanArgumentException("export '" + export + "' " + ImportSpec.signature(type) + " takes "
                    + type.params().size() + " argument(s), got " + args.length);
        }
        for (int i = 0; i < args.length; i++) {
            argument(export, i, type.params().get(i), args[i], null);
        }
        checkResultType(export, type, resultType);
        return type;
    }

    static long[] arguments(String export, FunctionType type, Object[] args, GuestMemory memory) {
        long[] raw = new long[args.length];
        for (int i = 0; i < args.length; i++) {
            raw[i] = argument(export, i, type.params().get(i), args[i], memory);
        }
        return raw;
    }

    private static long argument(String export, int index, ValType type, Object arg, GuestMemory memory) {
        if (arg == null) {
            throw badArgument(export, index, type, arg);
        }
        if (type.equals(ValType.I32)) {
            if (arg instanceof String) {
                return memory == null ? 0 : memory.writeLp("argument " + index + " of export '" + export + "'", (String) arg);
            }
            if (arg instanceof Boolean) {
                return (Boolean) arg ? 1 : 0;
            }
            if (isIntegral(arg)) {
                long value = ((Number) arg).longValue();
                if (value < Integer.MIN_VALUE || value > 0xFFFF_FFFFL) {
                    throw new CleanArgumentException("argument " + index + " of export '" + export
                            + "' is declared i32 but " + value + " does not fit in 32 bits");
                }
                return (int) value;
            }
        } else if (type.equals(ValType.I64)) {
            if (isIntegral(arg)) {
                return ((Number) arg).longValue();
            }
            if (arg instanceof Boolean) {
                return (Boolean) arg ? 1 : 0;
            }
        } else if (type.equals(ValType.F64) && arg instanceof Number) {
            return Double.doubleToRawLongBits(((Number) arg).doubleValue());
        } else if (type.equals(ValType.F32) && arg instanceof Number) {
            return Float.floatToRawIntBits(((Number) arg).floatValue());
        }
        throw badArgument(export, index, type, arg);
    }

    private static boolean isIntegral(Object arg) {
        return arg instanceof Integer || arg instanceof Long || arg instanceof Short || arg instanceof Byte;
    }

    private static CleanArgumentException badArgument(String export, int index, ValType type, Object arg) {
        return new CleanArgumentException("argument " + index + " of export '" + export + "' is declared "
                + type.name().toLowerCase(java.util.Locale.ROOT) + " but got "
                + (arg == null ? "null" : arg.getClass().getSimpleName() + " " + arg));
    }

    /** Rejects a result type the export's declared results cannot be decoded as, before any guest code runs. */
    static void checkResultType(String export, FunctionType type, Class<?> resultType) {
        if (resultType == null) {
            throw new CleanArgumentException("no result type given for export '" + export + "'");
        }
        if (resultType == Void.class || resultType == void.class || resultType == long[].class) {
            return;
        }
        if (type.returns().size() != 1) {
            throw new CleanArgumentException("export '" + export + "' " + ImportSpec.signature(type)
                    + " does not return a single value to decode as " + resultType.getSimpleName());
        }
        ValType kind = type.returns().get(0);
        boolean ok;
        if (resultType == String.class) {
            ok = kind.equals(ValType.I32);
        } else if (resultType == Integer.class || resultType == int.class || resultType == Long.class
                || resultType == long.class || resultType == Boolean.class || resultType == boolean.class) {
            ok = kind.isInteger();
        } else if (resultType == Double.class || resultType == double.class) {
            ok = kind.isNumeric();
        } else if (resultType == Float.class || resultType == float.class) {
            ok = kind.equals(ValType.F32);
        } else {
            ok = false;
        }
        if (!ok) {
            throw new CleanArgumentException("export '" + export + "' returns "
                    + kind.name().toLowerCase(java.util.Locale.ROOT) + ", which cannot be decoded as " + resultType.getSimpleName());
        }
    }

    /** Decodes a result; {@link #checkResultType} has accepted {@code resultType} for {@code type}. */
    @SuppressWarnings("unchecked")
    static <T> T result(String export, FunctionType type, long[] out, Class<T> resultType, GuestMemory memory) {
        if (resultType == Void.class || resultType == void.class) {
            return null;
        }
        if (resultType == long[].class) {
            return (T) (out == null ? new long[0] : out.clone());
        }
        ValType kind = type.returns().get(0);
        long value = out[0];
        Object decoded;
        if (resultType == String.class) {
            decoded = memory.readLp("result of export '" + export + "'", value & 0xFFFF_FFFFL);
        } else if (resultType == Integer.class || resultType == int.class) {
            decoded = (int) value;
        } else if (resultType == Long.class || resultType == long.class) {
            decoded = value;
        } else if (resultType == Boolean.class || resultType == boolean.class) {
            decoded = value != 0;
        } else if (resultType == Double.class || resultType == double.class) {
            decoded = kind.equals(ValType.F64) ? Double.longBitsToDouble(value)
                    : kind.equals(ValType.F32) ? (double) Float.intBitsToFloat((int) value) : (double) value;
        } else {
            decoded = Float.intBitsToFloat((int) value);
        }
        return resultType.isPrimitive() ? (T) decoded : resultType.cast(decoded);
    }
}
